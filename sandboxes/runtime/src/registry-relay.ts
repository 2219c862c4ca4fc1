import * as http from 'http';
import { REGISTRY_SOCKET_PREFIX } from '@ide/sandbox-contract/lib/extension-registry';

const REQUEST_TIMEOUT_MS = 120_000;
const MAX_URL_CHARS = 4096;

/**
 * The extension registry on the sandbox's loopback (Theia's VSX_REGISTRY_URL): each GET under /api/ goes to
 * the gateway's socket under REGISTRY_SOCKET_PREFIX, and the answer comes back as it is. The gateway decides
 * what this workspace may see; nothing here is trusted by it.
 */
export function createRegistryRelay(gatewaySocketPath: string): http.Server {
    return http.createServer((req, res) => {
        const url = req.url ?? '';
        if ((req.method !== 'GET' && req.method !== 'HEAD') || !url.startsWith('/api/') || url.length > MAX_URL_CHARS) {
            res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'the registry relay serves GET /api/... only' }));
            return;
        }
        const upstream = http.request({
            socketPath: gatewaySocketPath,
            path: `${REGISTRY_SOCKET_PREFIX}${url}`,
            method: req.method,
            headers: { accept: req.headers.accept ?? '*/*' },
            timeout: REQUEST_TIMEOUT_MS
        }, answer => {
            res.writeHead(answer.statusCode ?? 502, {
                'content-type': answer.headers['content-type'] ?? 'application/octet-stream',
                ...(answer.headers['content-length'] ? { 'content-length': answer.headers['content-length'] } : {})
            });
            answer.pipe(res);
            answer.on('error', () => res.destroy());
        });
        upstream.on('timeout', () => upstream.destroy(new Error('the gateway did not answer in time')));
        upstream.on('error', error => {
            if (!res.headersSent) {
                res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `the gateway's registry cannot be reached: ${error.message}` }));
            } else {
                res.destroy();
            }
        });
        res.on('close', () => upstream.destroy());
        upstream.end();
    });
}
