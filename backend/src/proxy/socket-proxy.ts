import { ClientRequest, IncomingMessage, request, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { SandboxEndpoint } from '../sandbox/sandbox-provider.js';
import { browserResponseHeaders, ForwardedFor, sandboxRequestHeaders } from './proxy-headers.js';

/** The sandbox's socket could not be reached: its IDE is gone or restarting. */
export class SandboxUnreachable extends Error { }

/** Streams one HTTP request to the IDE on a unix socket and its response back. */
export function proxyHttp(req: IncomingMessage, res: ServerResponse, endpoint: SandboxEndpoint, path: string, forwarded: ForwardedFor): Promise<void> {
    return new Promise((resolve, reject) => {
        const upstream = upstreamRequest(req, endpoint, path, forwarded, false);
        upstream.on('response', upstreamRes => {
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, browserResponseHeaders(upstreamRes.headers, forwarded.prefix));
            upstreamRes.pipe(res);
            upstreamRes.on('end', resolve);
            upstreamRes.on('error', () => res.destroy());
        });
        upstream.on('error', error => {
            if (!res.headersSent) {
                reject(new SandboxUnreachable(error.message));
            } else {
                res.destroy();
                resolve();
            }
        });
        res.on('close', () => upstream.destroy());
        req.pipe(upstream);
    });
}

/** Forwards a WebSocket upgrade byte for byte once the IDE accepts it. */
export function proxyUpgrade(req: IncomingMessage, client: Duplex, head: Buffer, endpoint: SandboxEndpoint, path: string, forwarded: ForwardedFor): Promise<void> {
    return new Promise((resolve, reject) => {
        const upstream = upstreamRequest(req, endpoint, path, forwarded, true);
        upstream.on('upgrade', (upstreamRes, upstreamSocket, upstreamHead) => {
            client.write(statusLine(101, upstreamRes.statusMessage || 'Switching Protocols') + headerLines(upstreamRes.rawHeaders) + '\r\n');
            if (upstreamHead.length) {
                client.write(upstreamHead);
            }
            if (head.length) {
                upstreamSocket.write(head);
            }
            upstreamSocket.pipe(client).pipe(upstreamSocket);
            const close = (): void => { upstreamSocket.destroy(); client.destroy(); };
            upstreamSocket.on('error', close);
            client.on('error', close);
            upstreamSocket.on('close', close);
            client.on('close', close);
            resolve();
        });
        upstream.on('response', upstreamRes => {
            client.write(statusLine(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage ?? '') + 'connection: close\r\n\r\n');
            client.end();
            upstreamRes.resume();
            resolve();
        });
        upstream.on('error', error => reject(new SandboxUnreachable(error.message)));
        upstream.end();
    });
}

function upstreamRequest(req: IncomingMessage, endpoint: SandboxEndpoint, path: string, forwarded: ForwardedFor, isUpgrade: boolean): ClientRequest {
    return request({
        socketPath: endpoint.socketPath,
        // A fresh connection per request: reusing a kept-alive one races the relay closing it (ECONNRESET); unix sockets connect in microseconds.
        agent: false,
        method: req.method,
        path,
        headers: sandboxRequestHeaders(req.headers, endpoint.secret, forwarded, isUpgrade)
    });
}

function statusLine(status: number, message: string): string {
    return `HTTP/1.1 ${status} ${message}\r\n`;
}

function headerLines(rawHeaders: string[]): string {
    let lines = '';
    for (let i = 0; i < rawHeaders.length; i += 2) {
        if (rawHeaders[i].toLowerCase() !== 'set-cookie') {
            lines += `${rawHeaders[i]}: ${rawHeaders[i + 1]}\r\n`;
        }
    }
    return lines;
}
