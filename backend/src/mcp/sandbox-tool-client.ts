import { IncomingMessage, request } from 'node:http';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
    LineSplitter, LineTooLongError, MAX_TOOL_ERROR_BODY_BYTES, MAX_TOOL_REPLY_LINE_BYTES, parseJsonOrUndefined, readBounded,
    TOOL_CALL_PATH, toolCallErrorBodySchema, toolCallLineSchema
} from '@ide/sandbox-contract';
import { SandboxLink } from '../sandbox-link/sandbox-link.js';
import { TunnelUnavailable } from '@ide/sandbox-contract/lib/tunnel-pool.js';
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
/** How long the end of an answer may lag its result line before the connection is closed instead of reused. */
const RESULT_END_WAIT_MS = 2_000;

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
            agent: link.toolsAgent,
            method: 'POST',
            path: TOOL_CALL_PATH,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
            signal: options.signal
        }, res => {
            answered = true;
            if (res.statusCode !== 200) {
                const settle = (result: CallToolResult): void => {
                    resolve(result);
                    req.destroy();
                };
                readBounded(res, MAX_TOOL_ERROR_BODY_BYTES)
                    .then(errorBody => settle(errorResult(refusalMessage(errorBody, res.statusCode))))
                    .catch(() => settle(errorResult(`the sandbox refused the call (${res.statusCode})`)));
                return;
            }
            readToolLines(res, memory, options.onProgress).then(resolve, error => {
                resolve(errorResult(`the sandbox sent a bad answer: ${(error as Error).message}`));
                req.destroy();
            });
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

/**
 * Reads NDJSON lines until the result line; fails on anything else than the contract's lines.
 * After the result line the answer must end at once and with nothing more, so its connection goes
 * back to the link's agent for the next call; anything else closes it.
 */
function readToolLines(res: IncomingMessage, memory: MemoryBudget, onProgress: (progress: ToolProgress) => void): Promise<CallToolResult> {
    return new Promise((resolve, reject) => {
        const lines = new LineSplitter(MAX_TOOL_REPLY_LINE_BYTES);
        let held = 0;
        let progressLines = 0;
        let endWait: NodeJS.Timeout | undefined;
        const fail = (error: Error): void => {
            res.destroy();
            reject(error);
        };
        const done = (): void => {
            memory.release(held);
            held = 0;
        };
        res.on('data', (chunk: Buffer) => {
            if (endWait) {
                res.destroy();
                return;
            }
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
            for (let index = 0; index < complete.length; index++) {
                const raw = complete[index];
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
                    if (index < complete.length - 1 || lines.pendingBytes > 0) {
                        res.destroy();
                    } else {
                        endWait = setTimeout(() => res.destroy(), RESULT_END_WAIT_MS);
                    }
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
        res.on('close', () => {
            clearTimeout(endWait);
            done();
            reject(new Error('it closed the connection without a result'));
        });
    });
}

export function errorResult(message: string): CallToolResult {
    return { isError: true, content: [{ type: 'text', text: message }] };
}

function refusalMessage(body: Buffer, status: number | undefined): string {
    const parsed = toolCallErrorBodySchema.safeParse(parseJsonOrUndefined(body.toString('utf8')));
    return parsed.success ? `the sandbox refused the call (${status}): ${parsed.data.error.slice(0, 1000)}` : `the sandbox refused the call (${status})`;
}
