import { request } from 'node:http';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { TOOL_CALL_PATH, ToolCallLine } from '@ide/sandbox-mcp/lib/common/tool-definitions.js';
import { SANDBOX_SECRET_HEADER } from '../sandbox/ide-socket-client.js';
import { SandboxEndpoint } from '../sandbox/sandbox-provider.js';

export interface ToolProgress {
    progress: number;
    total?: number;
    message?: string;
}

/** The sandbox's socket refused the connection: its IDE is gone; the caller may reopen and retry. */
export class SandboxToolUnreachable extends Error { }

/**
 * Runs one tool in the sandbox's executor (extensions/sandbox-mcp) over its unix socket and
 * streams its progress. Aborting the signal closes the connection, which kills the tool's processes.
 */
export function callSandboxTool(endpoint: SandboxEndpoint, tool: string, args: unknown, options: { signal: AbortSignal; onProgress: (progress: ToolProgress) => void }): Promise<CallToolResult> {
    return new Promise((resolve, reject) => {
        const body = JSON.stringify({ tool, arguments: args ?? {} });
        let connected = false;
        const req = request({
            socketPath: endpoint.socketPath,
            agent: false,
            method: 'POST',
            path: TOOL_CALL_PATH,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), [SANDBOX_SECRET_HEADER]: endpoint.secret },
            signal: options.signal
        }, res => {
            let buffer = '';
            let settled = false;
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
                buffer += chunk;
                if (res.statusCode !== 200) {
                    return;
                }
                for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
                    const line = buffer.slice(0, newline).trim();
                    buffer = buffer.slice(newline + 1);
                    if (line) {
                        settled = handleLine(JSON.parse(line) as ToolCallLine) || settled;
                    }
                }
            });
            res.on('end', () => {
                if (res.statusCode !== 200) {
                    resolve(errorResult(errorMessage(buffer, res.statusCode)));
                } else if (!settled) {
                    resolve(errorResult('the sandbox ended the tool call without a result'));
                }
            });
            res.on('error', reject);
            const handleLine = (line: ToolCallLine): boolean => {
                if (line.type === 'progress') {
                    options.onProgress({ progress: line.progress, total: line.total, message: line.message });
                    return false;
                }
                resolve({ content: line.content, isError: line.isError, ...(line.structuredContent ? { structuredContent: line.structuredContent } : {}) });
                return true;
            };
        });
        req.on('socket', socket => socket.on('connect', () => { connected = true; }));
        req.on('error', error => reject(connected || options.signal.aborted ? error : new SandboxToolUnreachable(error.message)));
        req.end(body);
    });
}

export function errorResult(message: string): CallToolResult {
    return { isError: true, content: [{ type: 'text', text: message }] };
}

function errorMessage(body: string, status: number | undefined): string {
    try {
        return `the sandbox refused the call (${status}): ${(JSON.parse(body) as { error: string }).error}`;
    } catch {
        return `the sandbox refused the call (${status})`;
    }
}
