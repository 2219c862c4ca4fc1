import * as http from 'http';
import * as net from 'net';
import { forwardableHeaders, forwardToLoopback, sendPlain, spliceUpgradeToLoopback } from './loopback-forwarding';

/**
 * The IDE tunnel's server: every HTTP request and WebSocket upgrade the gateway sends is relayed to
 * Theia on 127.0.0.1. Nothing else is answered here: the sandbox's own endpoints are on the control tunnel.
 */
export function createIdeRelay(theiaPort: number): http.Server {
    const theiaAgent = new http.Agent({ keepAlive: true });

    const server = http.createServer((req, res) => forwardToLoopback(req, res, theiaPort, {
        agent: theiaAgent,
        headers: forwardableHeaders(req.headers),
        unreachable: (response, error) => sendPlain(response, 502, `the IDE is not reachable: ${error.message}\n`)
    }));

    server.on('upgrade', (req: http.IncomingMessage, client: net.Socket, head: Buffer) =>
        spliceUpgradeToLoopback(req, client, head, theiaPort, 'HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'));

    server.on('clientError', (_error, socket) => {
        if (socket.writable) {
            socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
        }
    });
    // The gateway keeps these connections for further requests and closes them when idle: we never do, so reuse cannot race a close.
    server.keepAliveTimeout = 0;
    return server;
}
