/*
 * How a sandbox and the gateway reach each other. The gateway creates every socket below itself, in a
 * directory of its own that the sandbox mounts read-only at RUN_DIR: nothing the gateway connects to or
 * listens on can be replaced from inside. The sandbox only ever dials out to them.
 *
 *   gateway.sock        the sandbox is the HTTP client: the model proxy, workspace info, task reports
 *   ide-tunnel.sock     the sandbox dials and waits; the gateway sends the browser's IDE traffic (HTTP and
 *                       WebSocket upgrades) over those connections, and the sandbox relays it to Theia
 *   control-tunnel.sock the same direction, for the gateway's own requests (readiness), answered by the relay.
 *                       A separate channel, so no browser request can ever reach them.
 *   tools-tunnel.sock   the same direction, for agent tool calls: dialed by the tool executor inside the IDE
 *                       backend itself, so a call is one hop with no relay in between, and nothing in the
 *                       sandbox listens for tool calls.
 *   ports-tunnel.sock   the same direction, for port previews: each request names the port (TARGET_PORT_HEADER,
 *                       set by the gateway only) of a server in the sandbox, reached on its loopback.
 *
 * The socket a connection arrives on tells the gateway which sandbox it is: no secret lives inside.
 */

/** Where the sandbox sees the gateway's sockets (read-only). */
export const RUN_DIR = '/run/ide';

export const GATEWAY_SOCKET = 'gateway.sock';
export const IDE_TUNNEL_SOCKET = 'ide-tunnel.sock';
export const CONTROL_TUNNEL_SOCKET = 'control-tunnel.sock';
export const PORTS_TUNNEL_SOCKET = 'ports-tunnel.sock';
export const TOOLS_TUNNEL_SOCKET = 'tools-tunnel.sock';

export const SANDBOX_SOCKETS = [GATEWAY_SOCKET, IDE_TUNNEL_SOCKET, CONTROL_TUNNEL_SOCKET, PORTS_TUNNEL_SOCKET, TOOLS_TUNNEL_SOCKET] as const;

/** The environment variable naming the gateway socket for code in the sandbox (the model proxy's SDK client, memory, status). */
export const GATEWAY_SOCKET_ENV = 'IDE_GATEWAY_SOCKET';

export const DEFAULT_GATEWAY_SOCKET_PATH = `${RUN_DIR}/${GATEWAY_SOCKET}`;

/**
 * Idle connections the sandbox keeps dialed on each tunnel, so a request never waits for a connect.
 * The gateway keeps at most TUNNEL_MAX_IDLE of them and closes any beyond.
 */
export const TUNNEL_IDLE_CONNECTIONS = { ide: 8, control: 2, ports: 4, tools: 4 } as const;
export const TUNNEL_MAX_IDLE = 32;

export type TunnelChannel = keyof typeof TUNNEL_IDLE_CONNECTIONS;
