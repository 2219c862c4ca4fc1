import * as http from 'http';
import * as net from 'net';

/** Hop-by-hop headers (RFC 9110 §7.6.1) never travel through a proxy. */
function forwardableHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
    const dropped = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade']);
    const connection = headers.connection;
    if (typeof connection === 'string') {
        for (const name of connection.split(',')) {
            dropped.add(name.trim().toLowerCase());
        }
    }
    const result: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined && !dropped.has(name)) {
            result[name] = value;
        }
    }
    return result;
}

export function sendPlain(res: http.ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
    res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
    res.end(body);
}

/**
 * The IDE tunnel's server: every HTTP request and WebSocket upgrade the gateway sends is relayed to
 * Theia on 127.0.0.1. Nothing else is answered here: the sandbox's own endpoints are on the control tunnel.
 */
export function createIdeRelay(theiaPort: number): http.Server {
    const theiaAgent = new http.Agent({ keepAlive: true });

    const server = http.createServer((req, res) => {
        const upstream = http.request({
            host: '127.0.0.1',
            port: theiaPort,
            method: req.method,
            path: req.url,
            headers: forwardableHeaders(req.headers),
            agent: theiaAgent
        }, upstreamRes => {
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, forwardableHeaders(upstreamRes.headers));
            upstreamRes.pipe(res);
            upstreamRes.on('error', () => res.destroy());
        });
        upstream.on('error', error => {
            if (!res.headersSent) {
                sendPlain(res, 502, `the IDE is not reachable: ${error.message}\n`);
            } else {
                res.destroy();
            }
        });
        res.on('close', () => {
            if (!res.writableFinished) {
                upstream.destroy();
            }
        });
        req.pipe(upstream);
    });

    // WebSocket (and any other) upgrades: replay the request head, then splice the two sockets.
    server.on('upgrade', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
        client.on('error', () => client.destroy());
        const upstream = net.connect(theiaPort, '127.0.0.1');
        upstream.on('connect', () => {
            const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
            for (let i = 0; i < req.rawHeaders.length; i += 2) {
                lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
            }
            upstream.write(lines.join('\r\n') + '\r\n\r\n');
            if (head.length > 0) {
                upstream.write(head);
            }
            upstream.pipe(client);
            client.pipe(upstream);
        });
        upstream.on('error', () => {
            if (upstream.connecting) {
                client.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
            } else {
                client.destroy();
            }
        });
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
    });

    server.on('clientError', (_error, socket) => {
        if (socket.writable) {
            socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
        }
    });
    // The gateway keeps these connections for further requests and closes them when idle: we never do, so reuse cannot race a close.
    server.keepAliveTimeout = 0;
    return server;
}
