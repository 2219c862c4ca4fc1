import { request as httpRequest } from 'node:http';
import { WebSocket } from 'ws';
import { loopbackLookup } from '../test/loopback-lookup.js';
import { median, percentile, report } from './report.js';

interface Reply {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
}

export function get(url: string, headers: Record<string, string>): Promise<Reply> {
    return new Promise((resolve, reject) => {
        const req = httpRequest(url, { headers, lookup: loopbackLookup, agent: false }, res => {
            const chunks: Buffer[] = [];
            res.on('data', chunk => chunks.push(chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
            res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
    });
}

/** Where a signed-in browser ends up when it opens a workspace, and the cookie it holds there. */
export interface IdeEntry {
    /** The IDE's base URL, without a trailing slash: a workspace origin, or `<gateway>/w/<id>` in path mode. */
    base: string;
    cookie: string;
}

/** Follows the dashboard's Open link (or a port preview's, `/port/<n>/`) the way a browser does (ticket redirects included), keeping cookies per origin. */
export async function enterWorkspace(gatewayBase: string, gatewayCookie: string, workspaceId: string, innerPath = '/'): Promise<IdeEntry> {
    const jar = new Map<string, string[]>([[new URL(gatewayBase).origin, [gatewayCookie]]]);
    let url = `${gatewayBase}/w/${workspaceId}${innerPath}`;
    for (let hop = 0; hop < 6; hop++) {
        const origin = new URL(url).origin;
        const reply = await get(url, { accept: 'text/html', cookie: (jar.get(origin) ?? []).join('; ') });
        const setCookies = ([] as string[]).concat(reply.headers['set-cookie'] ?? []).map(cookie => cookie.split(';')[0]);
        jar.set(origin, [...(jar.get(origin) ?? []), ...setCookies]);
        const location = reply.headers.location;
        if (reply.status >= 300 && reply.status < 400 && typeof location === 'string') {
            url = new URL(location, url).href;
            continue;
        }
        if (reply.status !== 200) {
            throw new Error(`opening the workspace gave ${reply.status}: ${reply.body.toString().slice(0, 200)}`);
        }
        const base = url.replace(/\/$/, '');
        return { base, cookie: (jar.get(origin) ?? []).join('; ') };
    }
    throw new Error('too many redirects opening the workspace');
}

async function timeRequests(entry: IdeEntry, count: number): Promise<number[]> {
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
        const began = performance.now();
        const reply = await get(`${entry.base}/`, { accept: 'text/html', cookie: entry.cookie });
        if (reply.status !== 200) {
            throw new Error(`IDE page: ${reply.status}`);
        }
        times.push(performance.now() - began);
    }
    return times;
}

/**
 * Round trips over the IDE's own WebSocket (Theia's Socket.IO server): joining a namespace is
 * answered at once by the server, so each join of a new one is one round trip through the proxy.
 */
async function timeWebSocketMessages(entry: IdeEntry, count: number): Promise<number[]> {
    const wsUrl = `${entry.base.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const socket = new WebSocket(wsUrl, { headers: { cookie: entry.cookie, origin: new URL(entry.base).origin }, lookup: loopbackLookup });
    await new Promise<void>((resolve, reject) => {
        socket.once('message', () => resolve());
        socket.once('error', reject);
        socket.once('unexpected-response', (_req, res) => reject(new Error(`websocket ${res.statusCode}`)));
    });
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
        const began = performance.now();
        const answered = new Promise<void>(resolve => {
            const onMessage = (data: Buffer): void => {
                if (data.toString().startsWith(`40/bench-${i},`)) {
                    socket.off('message', onMessage);
                    resolve();
                }
            };
            socket.on('message', onMessage);
        });
        socket.send(`40/bench-${i},`);
        await answered;
        times.push(performance.now() - began);
    }
    socket.close();
    return times;
}

/** What the gateway's proxy costs per IDE request and per WebSocket message (warm, sequential, p50 / p99). */
export async function proxyFigures(entry: IdeEntry, rounds = 5, perRound = 200): Promise<{ http: number; ws: number }> {
    const httpTimes: number[] = [];
    const wsTimes: number[] = [];
    await timeRequests(entry, 20);
    for (let round = 0; round < rounds; round++) {
        httpTimes.push(...await timeRequests(entry, perRound));
        wsTimes.push(...await timeWebSocketMessages(entry, perRound));
    }
    report('IDE request through the gateway', `${median(httpTimes).toFixed(2)} ms`, `(p50; p99 ${percentile(httpTimes, 0.99).toFixed(2)} ms; GET / of the IDE, ${httpTimes.length} sequential requests)`);
    report('IDE WebSocket message round trip', `${median(wsTimes).toFixed(2)} ms`, `(p50; p99 ${percentile(wsTimes, 0.99).toFixed(2)} ms; Socket.IO message to the sandbox's Theia and its answer, ${wsTimes.length} round trips)`);
    return { http: median(httpTimes), ws: median(wsTimes) };
}
