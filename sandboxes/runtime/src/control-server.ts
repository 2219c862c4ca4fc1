import * as http from 'http';
import { readRequestBody } from '@ide/sandbox-contract/lib/bounded-reads';
import { READY_PATH, TOOL_CALL_PATH } from '@ide/sandbox-contract/lib/control-channel';
import { MAX_TOOL_REQUEST_BYTES } from '@ide/sandbox-contract/lib/tool-call-limits';
import { sendPlain } from './loopback-forwarding';

/** True when Theia accepts a connection and answers HTTP (any status). */
function isTheiaAnswering(port: number): Promise<boolean> {
    return new Promise(resolve => {
        const probe = http.request({ host: '127.0.0.1', port, method: 'HEAD', path: '/', agent: false, timeout: 2000 }, res => {
            res.resume();
            resolve(true);
        });
        probe.on('timeout', () => probe.destroy(new Error('timeout')));
        probe.on('error', () => resolve(false));
        probe.end();
    });
}

/**
 * The control tunnel's server: the gateway's own requests. READY_PATH is answered here; tool calls
 * go on to the executor inside the IDE backend, on its private unix socket.
 */
export function createControlServer(theiaPort: number, toolsSocketPath: string): http.Server {
    const server = http.createServer((req, res) => {
        const path = (req.url ?? '').split('?')[0];
        if (path === READY_PATH) {
            void isTheiaAnswering(theiaPort).then(ready => sendPlain(res, ready ? 200 : 503, JSON.stringify({ ready }), 'application/json'));
            return;
        }
        if (path !== TOOL_CALL_PATH) {
            sendPlain(res, 404, JSON.stringify({ error: `no ${path} here` }), 'application/json');
            return;
        }
        readRequestBody(req, MAX_TOOL_REQUEST_BYTES).then(body => forward(body), () => {
            sendPlain(res, 413, JSON.stringify({ error: `the request body is larger than ${MAX_TOOL_REQUEST_BYTES} bytes` }), 'application/json');
            req.resume();
        });

        // The whole call in one write: the executor may answer (and close) before a body streamed in pieces was done.
        // A fresh connection per call (a unix socket connects in microseconds): closing it is how a call is cancelled.
        const forward = (body: Buffer): void => {
            const executor = http.request({
                socketPath: toolsSocketPath, agent: false, method: 'POST', path: req.url,
                headers: { 'content-type': req.headers['content-type'] ?? 'application/json', 'content-length': body.length }
            }, executorRes => {
                res.writeHead(executorRes.statusCode ?? 502, executorRes.headers);
                executorRes.pipe(res);
            });
            executor.on('error', error => {
                if (!res.headersSent) {
                    sendPlain(res, 503, JSON.stringify({ error: `the IDE's tool executor is not answering yet: ${error.message}` }), 'application/json');
                } else {
                    res.destroy();
                }
            });
            res.on('close', () => {
                if (!res.writableFinished) {
                    executor.destroy();
                }
            });
            executor.end(body);
        };
    });
    server.on('clientError', (_error, socket) => socket.destroy());
    return server;
}
