/*
 * Requests the gateway sends over the control tunnel (sockets.ts). The sandbox's relay answers
 * READY_PATH itself and passes TOOL_CALL_PATH to the tool executor (extensions/sandbox-mcp).
 */

export const READY_PATH = '/ready';
export const TOOL_CALL_PATH = '/tools/call';

/** Inside the sandbox: the unix socket where the relay finds the tool executor of the IDE backend. */
export const TOOLS_SOCKET_ENV = 'IDE_TOOLS_SOCKET';
