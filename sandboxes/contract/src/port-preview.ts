import { REGISTRY_RELAY_PORT } from './extension-registry';
/*
 * Port preview: a server listening on a port in the sandbox, reached by its owner (or whom they
 * share it with) at an origin of its own, `<port>--<id>.<IDE_WORKSPACE_DOMAIN>`, over the ports tunnel.
 */

/** Set by the gateway on every request over the ports tunnel (any copy from the browser is dropped): the port to reach. */
export const TARGET_PORT_HEADER = 'x-ide-target-port';
/** The relay's answer when nothing listens on the port. */
export const PORT_CLOSED_HEADER = 'x-ide-port-closed';

/** Ports a preview may reach: not the privileged ones, nor the sandbox runtime's own registry relay. */
export const PREVIEW_PORTS = { min: 1024, max: 65535 } as const;

export function isPreviewPort(port: number): boolean {
    return Number.isInteger(port) && port >= PREVIEW_PORTS.min && port <= PREVIEW_PORTS.max && port !== REGISTRY_RELAY_PORT;
}

/** Who may open a port's preview besides its owner. */
export type PortSharing = 'private' | 'signed-in';

/** The host of a port's preview, for a workspace host `<id>.<domain>`. */
export function portHost(port: number, workspaceHost: string): string {
    return `${port}--${workspaceHost}`;
}

/** The environment variable telling tools in the sandbox their public URL, `{{port}}` standing for the port (as code-server does). */
export const PROXY_URI_ENV = 'VSCODE_PROXY_URI';
