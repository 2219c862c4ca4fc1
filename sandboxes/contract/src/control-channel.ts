/*
 * Requests the gateway sends into a sandbox of its own accord (sockets.ts): READY_PATH over the
 * control tunnel, answered by the relay; TOOL_CALL_PATH over the tools tunnel, answered by the tool
 * executor in the IDE backend (extensions/sandbox-mcp).
 */

export const READY_PATH = '/ready';
export const TOOL_CALL_PATH = '/tools/call';

/** Inside the sandbox: the gateway's tools tunnel socket, which the tool executor of the IDE backend dials. */
export const TOOLS_TUNNEL_ENV = 'IDE_TOOLS_TUNNEL';
