import { IncomingMessage, request } from 'node:http';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
    LineSplitter, LineTooLongError, MAX_TOOL_ERROR_BODY_BYTES, MAX_TOOL_REPLY_LINE_BYTES, parseJsonOrUndefined, readBounded,
    TOOL_CALL_PATH, toolCallErrorBodySchema, toolCallLineSchema
} from '@ide/sandbox-contract';
import { SandboxLink } from '../sandbox-link/sandbox-link.js';
import { TunnelUnavailable } from '../sandbox-link/tunnel-pool.js';
import { MemoryBudget } from '../limits/memory-budget.js';

export interface ToolProgress {
    progress: number;
    total?: number;
    message?: string;
}

/** The sandbox did not take the call (no connection from it): its IDE is gone; the caller may reopen and retry. */
export class SandboxToolUnreachable extends Error { }

/** Progress lines a call may send; a sandbox that sends more is not making progress, it is flooding. */
const MAX_PROGRESS_LINES = 100_000;

/**
 * Runs one tool in the sandbox's executor (extensions/sandbox-mcp) over the tools tunnel and
 * streams its progress. Every byte of the answer is treated as hostile: each line is bounded,
 * parsed defensively and checked against the contract's schema, and what is buffered counts
 * against the gateway-wide `memory`; a bad answer fails this call only, with a clear error.
 * Aborting the signal closes the connection, which kills the tool's processes.
 */
export function callSandboxTool(
    link: SandboxLink, tool: string, args: unknown, memory: MemoryBudget,
    options: { signal: AbortSignal; onProgress: (progress: ToolProgress) => void }
): Promise<CallToolResult> {
    return new Promise((resolve, reject) => {
        const body = JSON.stringify({ tool, arguments: args ?? {} });
        let answered = false;
        const req = request({
            createConnection: link.tools.createConnection,
            method: 'POST',
            path: TOOL_CALL_PATH,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
            signal: options.signal
        }, res => {
            answered = true;
            const settle = (result: CallToolResult): void => {
                resolve(result);
                req.destroy();
            };
            if (res.statusCode !== 200) {
                readBounded(res, MAX_TOOL_ERROR_BODY_BYTES)
                    .then(errorBody => settle(errorResult(refusalMessage(errorBody, res.statusCode))))
                    .catch(() => settle(errorResult(`the sandbox refused the call (${res.statusCode})`)));
                return;
            }
            readToolLines(res, memory, options.onProgress).then(settle, error => settle(errorResult(`the sandbox sent a bad answer: ${(error as Error).message}`)));
        });
        req.on('error', error => {
            if (answered) {
                return;
            }
            reject(error instanceof TunnelUnavailable ? new SandboxToolUnreachable(error.message) : error);
        });
        req.end(body);
    });
}

/** Reads NDJSON lines until the result line; fails on anything else than the contract's lines. */
function readToolLines(res: IncomingMessage, memory: MemoryBudget, onProgress: (progress: ToolProgress) => void): Promise<CallToolResult> {
    return new Promise((resolve, reject) => {
        const lines = new LineSplitter(MAX_TOOL_REPLY_LINE_BYTES);
        let held = 0;
        let progressLines = 0;
        const fail = (error: Error): void => {
            res.destroy();
            reject(error);
        };
        const done = (): void => {
            memory.release(held);
            held = 0;
        };
        res.on('data', (chunk: Buffer) => {
            if (!memory.reserve(chunk.length)) {
                done();
                fail(new Error('the gateway has too many large answers in flight; try again'));
                return;
            }
            held += chunk.length;
            let complete: Buffer[];
            try {
                complete = lines.push(chunk);
            } catch (error) {
                done();
                fail(error instanceof LineTooLongError ? new Error(`a line of its answer is longer than ${MAX_TOOL_REPLY_LINE_BYTES / 1024 / 1024} MiB`) : error as Error);
                return;
            }
            for (const raw of complete) {
                if (raw.length === 0) {
                    continue;
                }
                const line = toolCallLineSchema.safeParse(parseJsonOrUndefined(raw.toString('utf8')));
                if (!line.success) {
                    done();
                    fail(new Error('a line of its answer is not a progress or result line'));
                    return;
                }
                if (line.data.type === 'result') {
                    done();
                    res.destroy();
                    const { isError, content, structuredContent } = line.data;
                    resolve({ content, isError, ...(structuredContent ? { structuredContent } : {}) });
                    return;
                }
                if (++progressLines > MAX_PROGRESS_LINES) {
                    done();
                    fail(new Error('it sent too many progress lines'));
                    return;
                }
                onProgress({ progress: line.data.progress, total: line.data.total, message: line.data.message });
            }
            memory.release(held - lines.pendingBytes);
            held = lines.pendingBytes;
        });
        res.on('end', () => { done(); reject(new Error('it ended the call without a result')); });
        res.on('error', error => { done(); reject(error); });
        res.on('close', () => { done(); reject(new Error('it closed the connection without a result')); });
    });
}

export function errorResult(message: string): CallToolResult {
    return { isError: true, content: [{ type: 'text', text: message }] };
}

function refusalMessage(body: Buffer, status: number | undefined): string {
    const parsed = toolCallErrorBodySchema.safeParse(parseJsonOrUndefined(body.toString('utf8')));
    return parsed.success ? `the sandbox refused the call (${status}): ${parsed.data.error.slice(0, 1000)}` : `the sandbox refused the call (${status})`;
}
