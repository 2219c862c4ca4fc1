import * as http from 'http';
import * as net from 'net';

/** Hop-by-hop headers (RFC 9110 §7.6.1) never travel through a proxy. */
export function forwardableHeaders(headers: http.IncomingHttpHeaders, alsoDropped: string[] = []): http.OutgoingHttpHeaders {
    const dropped = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade', ...alsoDropped]);
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

/** Relays one HTTP exchange to a server on this sandbox's loopback, streaming both ways; `unreachable` answers when it cannot connect. */
export function forwardToLoopback(req: http.IncomingMessage, res: http.ServerResponse, port: number, options: {
    agent: http.Agent;
    headers: http.OutgoingHttpHeaders;
    unreachable: (res: http.ServerResponse, error: NodeJS.ErrnoException) => void;
}): void {
    const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: options.headers, agent: options.agent }, upstreamRes => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, forwardableHeaders(upstreamRes.headers));
        upstreamRes.pipe(res);
        upstreamRes.on('error', () => res.destroy());
    });
    upstream.on('error', error => {
        if (!res.headersSent) {
            options.unreachable(res, error);
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
}

/**
 * A WebSocket (or any other) upgrade to a server on this sandbox's loopback: the request head is
 * replayed (without `droppedHeader`), then the two sockets are spliced; `refused` is the answer
 * when nothing listens.
 */
export function spliceUpgradeToLoopback(req: http.IncomingMessage, client: net.Socket, head: Buffer, port: number, refused: string, droppedHeader?: string): void {
    client.on('error', () => client.destroy());
    const upstream = net.connect(port, '127.0.0.1');
    upstream.on('connect', () => {
        const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
        for (let i = 0; i < req.rawHeaders.length; i += 2) {
            if (req.rawHeaders[i].toLowerCase() !== droppedHeader) {
                lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
            }
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
            client.end(refused);
        } else {
            client.destroy();
        }
    });
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
}
