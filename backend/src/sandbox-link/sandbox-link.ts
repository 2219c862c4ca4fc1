import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import {
    CONTROL_TUNNEL_SOCKET, GATEWAY_SOCKET, IDE_TUNNEL_SOCKET, MAX_READINESS_BYTES, PORTS_TUNNEL_SOCKET, READY_PATH, readBounded, readinessSchema, TOOLS_TUNNEL_SOCKET,
    TUNNEL_MAX_IDLE
} from '@ide/sandbox-contract';
import { Logger } from '../log.js';
import { SocketListener } from './socket-listener.js';
import { TokenBucket } from '../limits/token-bucket.js';
import { TunnelAgent, TunnelPool } from '@ide/sandbox-contract/lib/tunnel-pool.js';

export type SandboxRequestHandler = (req: IncomingMessage, res: ServerResponse, workspaceId: string) => Promise<void>;

/** Connections a sandbox may hold open on its gateway.sock at once. */
const MAX_GATEWAY_CONNECTIONS = 64;
/** A connection on gateway.sock with no traffic for this long is closed (model answers stream, so they keep it busy). */
const GATEWAY_CONNECTION_IDLE_MS = 120_000;
/** Requests per sandbox on gateway.sock: a burst, then a steady rate. */
const GATEWAY_REQUEST_BURST = 200;
const GATEWAY_REQUESTS_PER_SECOND = 50;

/**
 * The gateway's end of one sandbox: its sockets (see @ide/sandbox-contract's sockets.ts) in a
 * directory only the gateway writes. The sandbox dials the tunnels and waits; the gateway sends
 * browser traffic over `ide`, port previews over `ports`, readiness over `control` and tool calls
 * over `tools`. On gateway.sock the sandbox asks and the gateway answers, for the workspace the
 * socket belongs to.
 */
export class SandboxLink {
    readonly ide = new TunnelPool({ maxIdle: TUNNEL_MAX_IDLE, maxWaiters: 256, acquireTimeoutMs: 10_000 });
    readonly control = new TunnelPool({ maxIdle: TUNNEL_MAX_IDLE, maxWaiters: 64, acquireTimeoutMs: 10_000 });
    readonly ports = new TunnelPool({ maxIdle: TUNNEL_MAX_IDLE, maxWaiters: 256, acquireTimeoutMs: 10_000 });
    readonly tools = new TunnelPool({ maxIdle: TUNNEL_MAX_IDLE, maxWaiters: 64, acquireTimeoutMs: 10_000 });
    /**
     * Browser traffic and tool calls reuse their tunnel connections once an answer is complete
     * (closing one mid-call cancels that tool call); readiness checks take one each.
     */
    readonly ideAgent = new TunnelAgent(this.ide);
    readonly portsAgent = new TunnelAgent(this.ports);
    readonly toolsAgent = new TunnelAgent(this.tools);
    private readonly listeners: SocketListener[];
    private readonly requests: Server;
    private readonly requestConnections = new Set<Socket>();
    private readonly requestRate = new TokenBucket(GATEWAY_REQUEST_BURST, GATEWAY_REQUESTS_PER_SECOND);

    constructor(readonly dir: string, readonly workspaceId: string, handler: SandboxRequestHandler, private readonly log: Logger) {
        this.requests = createServer((req, res) => this.answer(req, res, handler));
        this.requests.on('clientError', (error: NodeJS.ErrnoException, socket) => {
            if (socket.writable) {
                socket.end(error.code === 'HPE_HEADER_OVERFLOW'
                    ? 'HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\ncontent-length: 0\r\n\r\n'
                    : 'HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
            } else {
                socket.destroy();
            }
        });
        this.listeners = [
            new SocketListener(join(dir, IDE_TUNNEL_SOCKET), socket => this.ide.accept(socket), log),
            new SocketListener(join(dir, CONTROL_TUNNEL_SOCKET), socket => this.control.accept(socket), log),
            new SocketListener(join(dir, PORTS_TUNNEL_SOCKET), socket => this.ports.accept(socket), log),
            new SocketListener(join(dir, TOOLS_TUNNEL_SOCKET), socket => this.tools.accept(socket), log),
            new SocketListener(join(dir, GATEWAY_SOCKET), socket => this.acceptRequestConnection(socket), log)
        ];
    }

    async listen(): Promise<void> {
        await Promise.all(this.listeners.map(listener => listener.listen()));
    }

    /** Whether the sandbox's relay answers and says its IDE does. */
    async isReady(timeoutMs = 2000): Promise<boolean> {
        let socket: Socket;
        try {
            socket = await this.control.acquire(timeoutMs);
        } catch {
            return false;
        }
        return new Promise(resolve => {
            const req = request({ createConnection: () => socket, path: READY_PATH, timeout: timeoutMs }, res => {
                readBounded(res, MAX_READINESS_BYTES)
                    .then(body => resolve(res.statusCode === 200 && readinessSchema.safeParse(JSON.parse(body.toString('utf8'))).data?.ready === true))
                    .catch(() => resolve(false))
                    .finally(() => socket.destroy());
            });
            req.on('timeout', () => req.destroy());
            req.on('error', () => resolve(false));
            req.end();
        });
    }

    async close(): Promise<void> {
        this.ideAgent.destroy();
        this.portsAgent.destroy();
        this.ide.close();
        this.ports.close();
        this.control.close();
        this.tools.close();
        this.requestConnections.forEach(socket => socket.destroy());
        await Promise.all(this.listeners.map(listener => listener.close()));
    }

    private acceptRequestConnection(socket: Socket): void {
        if (this.requestConnections.size >= MAX_GATEWAY_CONNECTIONS) {
            socket.destroy();
            return;
        }
        this.requestConnections.add(socket);
        socket.on('close', () => this.requestConnections.delete(socket));
        socket.on('error', () => socket.destroy());
        socket.setTimeout(GATEWAY_CONNECTION_IDLE_MS, () => socket.destroy());
        this.requests.emit('connection', socket);
    }

    private answer(req: IncomingMessage, res: ServerResponse, handler: SandboxRequestHandler): void {
        if (!this.requestRate.take()) {
            res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(this.requestRate.retryAfterSeconds), 'x-should-retry': 'false' })
                .end(JSON.stringify({ error: 'too many requests from this sandbox; slow down' }));
            return;
        }
        handler(req, res, this.workspaceId).catch(error => {
            this.log.error({ err: error, workspaceId: this.workspaceId }, 'sandbox request failed');
            if (!res.headersSent) {
                res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'internal error' }));
            } else {
                res.destroy();
            }
        });
    }
}
