import * as http from 'http';
import { inject, injectable } from '@theia/core/shared/inversify';
import * as express from '@theia/core/shared/express';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import {
    MAX_TOOL_REQUEST_BYTES, TOOL_CALL_CONTENT_TYPE, TOOL_CALL_PATH, ToolCallErrorBody, ToolCallLine
} from '../common/tool-definitions';
import { readRequestBody, RequestBodyTooLargeError } from './request-body';
import { parseToolCallRequest } from './tool-call-request';
import { ToolExecutor } from './tool-executor';

/**
 * POST TOOL_CALL_PATH: the gateway forwards MCP tool calls here (through the sandbox relay, which
 * checks the sandbox secret). Answers with NDJSON progress lines and one result line.
 */
@injectable()
export class ToolCallEndpoint implements BackendApplicationContribution {

    constructor(@inject(ToolExecutor) private readonly executor: ToolExecutor) { }

    configure(app: express.Application): void {
        // Registered before @theia/filesystem's app-wide JSON body parser (modules load in dependency
        // order, @ide/ before @theia/), so the body stream is ours and its limit is MAX_TOOL_REQUEST_BYTES.
        app.post(TOOL_CALL_PATH, (req, res) => void this.handle(req, res));
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        let body: Buffer;
        try {
            body = await readRequestBody(req, MAX_TOOL_REQUEST_BYTES);
        } catch (error) {
            if (error instanceof RequestBodyTooLargeError) {
                sendError(res, 413, error.message);
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
