import * as fs from 'fs';
import * as http from 'http';
import { inject, injectable } from '@theia/core/shared/inversify';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import {
    MAX_TOOL_REQUEST_BYTES, readRequestBody, RequestBodyTooLargeError, TOOL_CALL_CONTENT_TYPE, TOOL_CALL_PATH, ToolCallErrorBody, ToolCallLine, TOOLS_SOCKET_ENV
} from '@ide/sandbox-contract';
import { parseToolCallRequest } from './tool-call-request';
import { ToolExecutor } from './tool-executor';

/**
 * POST TOOL_CALL_PATH on a unix socket of its own (TOOLS_SOCKET_ENV, made by the sandbox's relay),
 * not on the IDE's HTTP server: the gateway's control tunnel reaches it, the browser's IDE traffic
 * cannot. Answers with NDJSON progress lines and one result line.
 */
@injectable()
export class ToolCallEndpoint implements BackendApplicationContribution {
    private server: http.Server | undefined;

    constructor(@inject(ToolExecutor) private readonly executor: ToolExecutor) { }

    async onStart(): Promise<void> {
        const socketPath = process.env[TOOLS_SOCKET_ENV];
        if (socketPath) {
            await this.listen(socketPath);
        }
    }

    onStop(): void {
        this.server?.close();
    }

    async listen(socketPath: string): Promise<void> {
        fs.rmSync(socketPath, { force: true });
        const server = http.createServer((req, res) => void this.handle(req, res));
        await new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(socketPath, () => { server.off('error', reject); resolve(); });
        });
        fs.chmodSync(socketPath, 0o600);
        this.server = server;
    }

    async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== TOOL_CALL_PATH) {
            sendError(res, 404, `only POST ${TOOL_CALL_PATH} is served here`);
            req.resume();
            return;
        }
        let body: Buffer;
        try {
            body = await readRequestBody(req, MAX_TOOL_REQUEST_BYTES);
        } catch (error) {
            if (error instanceof RequestBodyTooLargeError) {
                sendError(res, 413, `the request body is larger than ${MAX_TOOL_REQUEST_BYTES} bytes`);
                req.resume(); // let the client finish sending, so that it reads the 413
            } else {
                res.destroy();
            }
            return;
        }
        const request = parseToolCallRequest(body);
        if ('error' in request) {
            sendError(res, 400, request.error);
            return;
        }
        if (!this.executor.has(request.tool)) {
            sendError(res, 404, `unknown tool ${JSON.stringify(request.tool)}`);
            return;
        }

        res.writeHead(200, { 'content-type': TOOL_CALL_CONTENT_TYPE, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
        res.flushHeaders();
        const cancel = new AbortController();
        res.on('close', () => {
            if (!res.writableFinished) {
                cancel.abort();
            }
        });
        const writeLine = (line: ToolCallLine) => {
            if (!res.writableEnded && !res.destroyed) {
                res.write(JSON.stringify(line) + '\n');
            }
        };
        const result = await this.executor.execute(request.tool, request.arguments, {
            signal: cancel.signal,
            reportProgress: (progress, total, message) =>
                writeLine({ type: 'progress', progress, ...(total !== undefined && { total }), message })
        });
        writeLine(result);
        res.end();
    }
}

function sendError(res: http.ServerResponse, status: number, message: string): void {
    const body: ToolCallErrorBody = { error: message };
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
}
