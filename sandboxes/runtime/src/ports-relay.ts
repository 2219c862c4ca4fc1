import * as http from 'http';
import * as net from 'net';
import { isPreviewPort, PORT_CLOSED_HEADER, TARGET_PORT_HEADER } from '@ide/sandbox-contract/lib/port-preview';
import { forwardableHeaders, forwardToLoopback, sendPlain, spliceUpgradeToLoopback } from './loopback-forwarding';

/** The port the gateway asks for, or why it may not be previewed (not Theia's own, not a privileged one). */
function targetPort(req: http.IncomingMessage, theiaPort: number): number | { status: number; message: string } {
    const port = Number(req.headers[TARGET_PORT_HEADER]);
    if (!isPreviewPort(port)) {
        return { status: 400, message: 'no preview port named' };
    }
    return port === theiaPort ? { status: 403, message: `port ${port} is the IDE's own, not a preview` } : port;
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
        forwardToLoopback(req, res, port, {
            agent,
            headers: forwardableHeaders(req.headers, [TARGET_PORT_HEADER]),
            unreachable: (response, error) => refuse(response, 502, `nothing answers on port ${port}: ${error.message}`, error.code === 'ECONNREFUSED')
        });
    });

    server.on('upgrade', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
        const port = targetPort(req, theiaPort);
        if (typeof port !== 'number') {
            client.on('error', () => client.destroy());
            client.end(`HTTP/1.1 ${port.status} ${http.STATUS_CODES[port.status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
            return;
        }
        spliceUpgradeToLoopback(req, client, head, port, `HTTP/1.1 502 Bad Gateway\r\n${PORT_CLOSED_HEADER}: 1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, TARGET_PORT_HEADER);
    });

    server.on('clientError', (_error, socket) => socket.destroy());
    // As for the IDE: the gateway closes idle connections, so reuse never races a close.
    server.keepAliveTimeout = 0;
    return server;
}
