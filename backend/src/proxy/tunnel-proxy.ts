import { Agent, ClientRequest, IncomingMessage, OutgoingHttpHeaders, request, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { PORT_CLOSED_HEADER } from '@ide/sandbox-contract';
import { browserResponseHeaders, ForwardedFor, sandboxRequestHeaders } from './proxy-headers.js';

/** The sandbox's IDE could not be reached, or answered with something that is not HTTP. */
export class SandboxUnreachable extends Error { }

/** A port preview whose port nothing in the sandbox listens on (as the sandbox's relay says). */
export class PortClosed extends Error { }

/** How long the sandbox has to start answering a request; it streams as long as it likes after that. */
const RESPONSE_HEADERS_TIMEOUT_MS = 120_000;

/** The most of an HTML page the gateway reads to rewrite it. */
const MAX_REWRITTEN_PAGE_BYTES = 1024 * 1024;

/**
 * Streams one HTTP request to the sandbox's IDE over a connection it dialed (`agent` hands them out), and its response back.
 * With `rewritePage`, a 200 HTML answer is read whole (the request asks for no compression) and sent as `rewritePage` makes it.
 */
export function proxyHttp(req: IncomingMessage, res: ServerResponse, agent: Agent, path: string, forwarded: ForwardedFor,
    rewritePage?: (html: string) => string): Promise<void> {
    return new Promise((resolve, reject) => {
        const upstream = upstreamRequest(req, agent, path, forwarded, false);
        const headersTimer = setTimeout(() => upstream.destroy(new SandboxUnreachable('the sandbox did not answer in time')), RESPONSE_HEADERS_TIMEOUT_MS);
        upstream.on('response', upstreamRes => {
            clearTimeout(headersTimer);
            if (forwarded.preview && upstreamRes.headers[PORT_CLOSED_HEADER]) {
                upstreamRes.resume();
                reject(new PortClosed(`nothing listens on port ${forwarded.preview.port} in this workspace (yet): start the server, then reload`));
                return;
            }
            const headers = browserResponseHeaders(upstreamRes.headers, forwarded);
            if (rewritePage && upstreamRes.statusCode === 200 && /^text\/html/.test(String(upstreamRes.headers['content-type'])) && !upstreamRes.headers['content-encoding']) {
                sendRewritten(upstreamRes, res, headers, rewritePage).then(resolve);
                return;
            }
            res.writeHead(upstreamRes.statusCode ?? 502, sanitizedStatusMessage(upstreamRes.statusMessage), headers);
            upstreamRes.pipe(res);
            upstreamRes.on('end', resolve);
            upstreamRes.on('error', () => { res.destroy(); resolve(); });
        });
        upstream.on('error', error => {
            clearTimeout(headersTimer);
            if (!res.headersSent) {
                reject(new SandboxUnreachable(error.message));
            } else {
                res.destroy();
                resolve();
            }
        });
        res.on('close', () => upstream.destroy());
        req.on('error', () => upstream.destroy());
        req.pipe(upstream);
    });
}

async function sendRewritten(upstreamRes: IncomingMessage, res: ServerResponse, headers: OutgoingHttpHeaders, rewritePage: (html: string) => string): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
        for await (const chunk of upstreamRes) {
            size += (chunk as Buffer).length;
            if (size > MAX_REWRITTEN_PAGE_BYTES) {
                throw new Error('page too large to rewrite');
            }
            chunks.push(chunk as Buffer);
        }
    } catch {
        upstreamRes.destroy();
        res.destroy();
        return;
    }
    const body = Buffer.from(rewritePage(Buffer.concat(chunks).toString('utf8')));
    const rewritten: OutgoingHttpHeaders = { ...headers, 'content-length': String(body.length), 'cache-control': 'no-cache' };
    delete rewritten.etag;
    delete rewritten['last-modified'];
    delete rewritten['transfer-encoding'];
    res.writeHead(200, rewritten).end(body);
}

/** Forwards a WebSocket upgrade byte for byte once the IDE accepts it; resolves with the spliced sandbox side. */
export function proxyUpgrade(req: IncomingMessage, client: Duplex, head: Buffer, agent: Agent, path: string, forwarded: ForwardedFor): Promise<Duplex | undefined> {
    return new Promise((resolve, reject) => {
        const upstream = upstreamRequest(req, agent, path, forwarded, true);
        const headersTimer = setTimeout(() => upstream.destroy(new SandboxUnreachable('the sandbox did not answer in time')), RESPONSE_HEADERS_TIMEOUT_MS);
        upstream.on('upgrade', (upstreamRes, upstreamSocket, upstreamHead) => {
            clearTimeout(headersTimer);
            client.write(`HTTP/1.1 101 Switching Protocols\r\n${headerLines(upstreamRes.rawHeaders)}\r\n`);
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
            resolve(upstreamSocket);
        });
        upstream.on('response', upstreamRes => {
            clearTimeout(headersTimer);
            client.end(`HTTP/1.1 ${upstreamRes.statusCode ?? 502} ${sanitizedStatusMessage(upstreamRes.statusMessage)}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
            upstreamRes.resume();
            upstream.destroy();
            resolve(undefined);
        });
        upstream.on('error', error => {
            clearTimeout(headersTimer);
            reject(new SandboxUnreachable(error.message));
        });
        upstream.end();
    });
}

function upstreamRequest(req: IncomingMessage, agent: Agent, path: string, forwarded: ForwardedFor, isUpgrade: boolean): ClientRequest {
    return request({
        agent,
        method: req.method,
        path,
        headers: sandboxRequestHeaders(req.headers, forwarded, isUpgrade)
    });
}

/** A status text goes back to the browser in a raw status line: only printable ASCII of a bounded length. */
function sanitizedStatusMessage(message: string | undefined): string {
    return (message ?? '').replace(/[^\x20-\x7e]/g, '').slice(0, 100);
}

/** The sandbox's 101 headers, minus cookies (a sandbox sets none of ours) and anything that could split the response. */
function headerLines(rawHeaders: string[]): string {
    let lines = '';
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
        const name = rawHeaders[i];
        const value = rawHeaders[i + 1];
        if (name.toLowerCase() === 'set-cookie' || /[\r\n]/.test(name + value) || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
            continue;
        }
        lines += `${name}: ${value}\r\n`;
    }
    return lines;
}
