import * as http from 'http';
import { inject, injectable } from '@theia/core/shared/inversify';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import {
    MAX_TOOL_REQUEST_BYTES, readRequestBody, RequestBodyTooLargeError, TOOL_CALL_CONTENT_TYPE, TOOL_CALL_PATH, ToolCallErrorBody, ToolCallLine,
    TOOLS_TUNNEL_ENV, TUNNEL_IDLE_CONNECTIONS
} from '@ide/sandbox-contract';
import { DialedConnections } from '@ide/sandbox-contract/lib/dialed-connections';
import { parseToolCallRequest } from './tool-call-request';
import { ToolExecutor } from './tool-executor';

/**
 * POST TOOL_CALL_PATH over connections this backend dials to the gateway's tools tunnel
 * (TOOLS_TUNNEL_ENV), not on the IDE's HTTP server nor on any socket of its own: only the gateway
 * reaches it, neither the browser's IDE traffic nor a process in the sandbox. Answers with NDJSON
 * progress lines and one result line; the gateway closing the connection cancels the call.
 */
@injectable()
export class ToolCallEndpoint implements BackendApplicationContribution {
    private tunnel: DialedConnections | undefined;

    constructor(@inject(ToolExecutor) private readonly executor: ToolExecutor) { }

    onStart(): void {
        const tunnelPath = process.env[TOOLS_TUNNEL_ENV];
        if (tunnelPath) {
            this.dial(tunnelPath);
        }
    }

    onStop(): void {
        this.tunnel?.stop();
    }

    /** Keeps idle connections dialed to the gateway's tools tunnel socket at `tunnelPath`, each serving one call. */
    dial(tunnelPath: string): void {
        this.tunnel?.stop();
        const server = http.createServer((req, res) => void this.handle(req, res));
        server.keepAliveTimeout = 0; // the gateway closes a connection it keeps idle before we would
        this.tunnel = new DialedConnections(tunnelPath, TUNNEL_IDLE_CONNECTIONS.tools, server);
        this.tunnel.start();
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
        if (!res.destroyed) {
            res.end(JSON.stringify(result) + '\n'); // one write with the answer's end, so the gateway can reuse the connection at once
        }
    }
}

function sendError(res: http.ServerResponse, status: number, message: string): void {
    const body: ToolCallErrorBody = { error: message };
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
}
