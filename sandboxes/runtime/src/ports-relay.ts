import * as http from 'http';
import * as net from 'net';
import { isPreviewPort, PORT_CLOSED_HEADER, TARGET_PORT_HEADER } from '@ide/sandbox-contract/lib/port-preview';
import { sendPlain } from './ide-relay';

/** The port the gateway asks for, or why it may not be previewed (not Theia's own, not a privileged one). */
function targetPort(req: http.IncomingMessage, theiaPort: number): number | { status: number; message: string } {
    const port = Number(req.headers[TARGET_PORT_HEADER]);
    if (!isPreviewPort(port)) {
        return { status: 400, message: 'no preview port named' };
    }
    return port === theiaPort ? { status: 403, message: `port ${port} is the IDE's own, not a preview` } : port;
}

function withoutTargetPort(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
    const { [TARGET_PORT_HEADER]: _port, connection: _connection, 'keep-alive': _keepAlive, ...rest } = headers;
    return rest;
}

function refuse(res: http.ServerResponse, status: number, message: string, closed = false): void {
    if (closed) {
        res.setHeader(PORT_CLOSED_HEADER, '1');
    }
    sendPlain(res, status, `${message}\n`);
}

/**
 * The ports tunnel's server: each request goes to the server listening on the port the gateway
 * names, on this sandbox's loopback (HTTP and WebSocket upgrades alike).
 */
export function createPortsRelay(theiaPort: number): http.Server {
    const agent = new http.Agent({ keepAlive: true });

    const server = http.createServer((req, res) => {
        const port = targetPort(req, theiaPort);
        if (typeof port !== 'number') {
            refuse(res, port.status, port.message);
            return;
        }
        const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: withoutTargetPort(req.headers), agent }, upstreamRes => {
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, upstreamRes.headers);
            upstreamRes.pipe(res);
            upstreamRes.on('error', () => res.destroy());
        });
        upstream.on('error', error => {
            if (!res.headersSent) {
                refuse(res, 502, `nothing answers on port ${port}: ${error.message}`, (error as NodeJS.ErrnoException).code === 'ECONNREFUSED');
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

    server.on('upgrade', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
        client.on('error', () => client.destroy());
        const port = targetPort(req, theiaPort);
        if (typeof port !== 'number') {
            client.end(`HTTP/1.1 ${port.status} ${http.STATUS_CODES[port.status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
            return;
        }
        const upstream = net.connect(port, '127.0.0.1');
        upstream.on('connect', () => {
            const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
            for (let i = 0; i < req.rawHeaders.length; i += 2) {
                if (req.rawHeaders[i].toLowerCase() !== TARGET_PORT_HEADER) {
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
                client.end(`HTTP/1.1 502 Bad Gateway\r\n${PORT_CLOSED_HEADER}: 1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
            } else {
                client.destroy();
            }
        });
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
    });

    server.on('clientError', (_error, socket) => socket.destroy());
    // As for the IDE: the gateway closes idle connections, so reuse never races a close.
    server.keepAliveTimeout = 0;
    return server;
}
