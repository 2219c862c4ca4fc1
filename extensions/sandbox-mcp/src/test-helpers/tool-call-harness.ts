/*
 * For the tests: the real module and endpoint, dialing a tools tunnel socket served by the gateway's
 * own TunnelPool, as in a sandbox, with a temporary workspace. Each request goes over a connection
 * the endpoint dialed, as the gateway sends it. Not referenced by the backend module, so Theia's
 * bundler never sees it.
 */
import '@theia/core/shared/reflect-metadata';
import * as fs from 'fs/promises';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Container } from '@theia/core/shared/inversify';
import { TunnelPool } from '@ide/sandbox-contract/lib/tunnel-pool';
import { TOOL_CALL_PATH, ToolCallLine, ToolProgressLine, ToolResultLine } from '../common/tool-definitions';
import sandboxMcpBackendModule from '../node/sandbox-mcp-backend-module';
import { ToolCallEndpoint } from '../node/tool-call-endpoint';

export interface ToolCallResponse {
    status: number;
    contentType: string | undefined;
    /** Raw body for non-200 answers. */
    body: string;
    progress: ToolProgressLine[];
    result: ToolResultLine | undefined;
}

export interface Harness {
    /** The workspace root (a temporary directory). */
    root: string;
    /** A temporary directory outside the workspace. */
    outside: string;
    container: Container;
    call(tool: string, args: Record<string, unknown>): Promise<ToolCallResponse>;
    /** Posts any body (for malformed and oversized requests). */
    post(body: string | Buffer, headers?: http.OutgoingHttpHeaders): Promise<ToolCallResponse>;
    /** Connections the endpoint dialed that no request has taken yet. */
    idleConnections(): number;
    /** Starts a call and hands each NDJSON line to onLine as it arrives. */
    open(tool: string, args: Record<string, unknown>, onLine: (line: ToolCallLine, request: http.ClientRequest) => void): http.ClientRequest;
    close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
    const base = await fs.mkdtemp(path.join(os.tmpdir(), 'sandbox-mcp-test-'));
    const root = path.join(base, 'workspace');
    const outside = path.join(base, 'outside');
    await fs.mkdir(root);
    await fs.mkdir(outside);
    process.env.IDE_WORKSPACE_DIR = root;

    const container = new Container();
    container.load(sandboxMcpBackendModule);
    const endpoint = container.get(ToolCallEndpoint);
    const tunnel = await listenAsToolsTunnel(path.join(base, 'tools-tunnel.sock'));
    endpoint.dial(tunnel.path);

    const request = (headers: http.OutgoingHttpHeaders) => http.request({
        method: 'POST', path: TOOL_CALL_PATH, headers, createConnection: tunnel.pool.createConnection
    });

    const post = (body: string | Buffer, headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json' }) =>
        new Promise<ToolCallResponse>((resolve, reject) => {
            const req = request(headers);
            req.on('error', reject);
            req.on('response', res => {
                const chunks: Buffer[] = [];
                res.on('data', chunk => chunks.push(chunk));
                res.on('end', () => resolve(toResponse(res, Buffer.concat(chunks).toString('utf8'))));
            });
            req.end(body);
        });

    return {
        root,
        outside,
        container,
        post,
        idleConnections: () => tunnel.pool.idleCount,
        call: (tool, args) => post(JSON.stringify({ tool, arguments: args })),
        open(tool, args, onLine) {
            const req = request({ 'content-type': 'application/json' });
            req.on('error', () => undefined); // the tests destroy it on purpose
            req.on('response', res => {
                let pending = '';
                res.setEncoding('utf8');
                res.on('data', (text: string) => {
                    pending += text;
                    let newline: number;
                    while ((newline = pending.indexOf('\n')) >= 0) {
                        onLine(JSON.parse(pending.slice(0, newline)), req);
                        pending = pending.slice(newline + 1);
                    }
                });
                res.on('error', () => undefined);
            });
            req.end(JSON.stringify({ tool, arguments: args }));
            return req;
        },
        async close() {
            endpoint.onStop();
            await tunnel.close();
            await fs.rm(base, { recursive: true, force: true });
        }
    };
}

/** The gateway's side of the tools tunnel: its real pool of the connections the endpoint dialed. */
async function listenAsToolsTunnel(socketPath: string) {
    const pool = new TunnelPool({ maxIdle: 64, maxWaiters: 64, acquireTimeoutMs: 10_000 });
    const all = new Set<net.Socket>();
    const server = net.createServer(socket => {
        all.add(socket);
        socket.on('close', () => all.delete(socket));
        pool.accept(socket);
    });
    await new Promise<void>(resolve => server.listen(socketPath, resolve));
    return {
        path: socketPath,
        pool,
        close: async () => {
            pool.close();
            all.forEach(socket => socket.destroy());
            await new Promise(resolve => server.close(resolve));
        }
    };
}

function toResponse(res: http.IncomingMessage, body: string): ToolCallResponse {
    const lines = res.statusCode === 200 ? body.split('\n').filter(Boolean).map(line => JSON.parse(line) as ToolCallLine) : [];
    return {
        status: res.statusCode ?? 0,
        contentType: res.headers['content-type'],
        body,
        progress: lines.filter((line): line is ToolProgressLine => line.type === 'progress'),
        result: lines.find((line): line is ToolResultLine => line.type === 'result')
    };
}

/** The text of a result, failing loudly when there is none. */
export function textOf(response: ToolCallResponse): string {
    if (!response.result) {
        throw new Error(`no result line (status ${response.status}): ${response.body}`);
    }
    return response.result.content.map(content => content.text).join('');
}

/** Whether a pid still exists as a live (non-zombie) process. */
export async function isAlive(pid: number): Promise<boolean> {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    return stat !== undefined && stat[stat.lastIndexOf(')') + 2] !== 'Z';
}

export async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
        if (Date.now() > deadline) {
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        }
        await new Promise(resolve => setTimeout(resolve, 50));
    }
}
