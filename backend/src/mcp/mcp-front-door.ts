import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import express, { NextFunction, Request, Response } from 'express';
import { LiveConnections } from '../auth/live-connections.js';
import { ApiTokenService } from '../tokens/api-tokens.js';
import { WorkspaceService } from '../workspaces/workspace-service.js';
import { AgentContext, AgentServices, createAgentServer } from './agent-session.js';

/** Stated in the README: a JSON-RPC message larger than this is refused with 413. */
export const MCP_BODY_LIMIT_BYTES = 16 * 1024 * 1024;
const MAX_SESSIONS_PER_TOKEN = 32;

interface AgentSession {
    transport: StreamableHTTPServerTransport;
    server: Server;
    tokenId: string;
    workspaceId: string;
    lastSeen: number;
    /** Takes it out of the live connections (it ends by itself, or is ended). */
    forget?: () => void;
}

export interface McpFrontDoorOptions extends AgentServices {
    tokens: ApiTokenService;
    workspaces: WorkspaceService;
    connections: LiveConnections;
    isSecure: (req: IncomingMessage) => boolean;
    allowedOrigins: string[];
    idleSessionMs: number;
}

/**
 * POST/GET/DELETE /mcp and /mcp/<workspace>: Streamable HTTP for agents with personal tokens.
 * Stateful: each session has its own MCP server, is bound to the token that opened it, and is
 * swept when idle.
 */
export class McpFrontDoor {
    private readonly sessions = new Map<string, AgentSession>();
    private readonly sweeper: NodeJS.Timeout;

    constructor(private readonly options: McpFrontDoorOptions) {
        this.sweeper = setInterval(() => void this.sweep(), Math.min(60_000, options.idleSessionMs)).unref();
    }

    router(): express.Router {
        const router = express.Router();
        const handle = (req: Request, res: Response, next: NextFunction): void => {
            this.handle(req, res).catch(next);
        };
        router.use(['/mcp', '/mcp/:workspace'], (req, res, next) => this.checkOrigin(req, res, next));
        router.use(['/mcp', '/mcp/:workspace'], express.json({ limit: MCP_BODY_LIMIT_BYTES, type: () => true }));
        router.all(['/mcp', '/mcp/:workspace'], handle);
        router.use(['/mcp', '/mcp/:workspace'], (error: unknown, _req: Request, res: Response, next: NextFunction) => {
            const type = (error as { type?: string }).type;
            if (type === 'entity.too.large') {
                jsonRpcError(res, 413, -32600, `request body is larger than the limit of ${MCP_BODY_LIMIT_BYTES / 1024 / 1024} MiB`);
            } else if (type === 'entity.parse.failed' || type === 'encoding.unsupported' || type === 'charset.unsupported') {
                jsonRpcError(res, 400, -32700, 'Parse error: the body is not valid JSON');
            } else {
                next(error);
            }
        });
        return router;
    }

    async close(): Promise<void> {
        clearInterval(this.sweeper);
        await Promise.all([...this.sessions.keys()].map(id => this.end(id)));
    }

    private checkOrigin(req: Request, res: Response, next: NextFunction): void {
        res.setHeader('Access-Control-Expose-Headers', 'Mcp-Session-Id');
        const origin = req.headers.origin;
        if (!origin) {
            next();
            return;
        }
        const own = `${this.options.isSecure(req) ? 'https' : 'http'}://${req.headers.host}`;
        if (origin !== own && !this.options.allowedOrigins.includes(origin)) {
            jsonRpcError(res, 403, -32600, `origin ${origin} is not allowed`);
            return;
        }
        res.setHeader('Access-Control-Allow-Origin', origin);
        res.setHeader('Vary', 'Origin');
        if (req.method === 'OPTIONS') {
            res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE');
            res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID');
            res.status(204).end();
            return;
        }
        next();
    }

    private async handle(req: Request, res: Response): Promise<void> {
        const auth = this.options.tokens.authenticate(req.headers.authorization);
        if (!auth.ok) {
            const hasToken = Boolean(req.headers.authorization);
            res.setHeader('WWW-Authenticate', hasToken ? `Bearer realm="ide-mcp", error="invalid_token", error_description="${auth.reason}"` : 'Bearer realm="ide-mcp"');
            jsonRpcError(res, 401, -32001, auth.reason);
            return;
        }
        const { token, user } = auth;
        const requested = typeof req.params.workspace === 'string' ? req.params.workspace : token.workspaceId;
        if (!requested) {
            jsonRpcError(res, 400, -32600, 'this token reaches all your workspaces: connect to /mcp/<workspace id or name>');
            return;
        }
        let workspace;
        try {
            workspace = this.options.workspaces.resolve(user, requested);
        } catch {
            jsonRpcError(res, 403, -32003, `this token cannot reach workspace "${requested}"`);
            return;
        }
        if (token.workspaceId && token.workspaceId !== workspace.id) {
            jsonRpcError(res, 403, -32003, `this token is limited to another workspace, not "${requested}"`);
            return;
        }

        const sessionId = req.headers['mcp-session-id'];
        if (typeof sessionId === 'string') {
            const session = this.sessions.get(sessionId);
            if (!session || session.tokenId !== token.id || session.workspaceId !== workspace.id) {
                jsonRpcError(res, 404, -32001, 'Session not found: start a new session with initialize');
                return;
            }
            session.lastSeen = Date.now();
            await session.transport.handleRequest(req, res, req.body);
            return;
        }
        if (req.method !== 'POST' || !isInitializeRequest(req.body)) {
            jsonRpcError(res, 400, -32600, 'Bad Request: no Mcp-Session-Id; the first request of a session must be initialize');
            return;
        }
        this.evictOldest(token.id);
        const session = await this.open({ user, token, workspace });
        await session.transport.handleRequest(req, res, req.body);
    }

    private async open(context: AgentContext): Promise<AgentSession> {
        const server = createAgentServer(context, this.options);
        const session: AgentSession = {
            server,
            tokenId: context.token.id,
            workspaceId: context.workspace.id,
            lastSeen: Date.now(),
            transport: new StreamableHTTPServerTransport({
                sessionIdGenerator: randomUUID,
                onsessioninitialized: id => {
                    this.sessions.set(id, session);
                    session.forget = this.options.connections.add({
                        kind: 'agent', userId: context.user.id, workspaceId: context.workspace.id, tokenId: context.token.id,
                        end: () => void this.end(id)
                    });
                    this.options.log.info({ sessionId: id, userId: context.user.id, token: context.token.name, workspaceId: context.workspace.id }, 'MCP session opened');
                },
                onsessionclosed: id => { void this.end(id); }
            })
        };
        session.transport.onclose = () => {
            if (session.transport.sessionId) {
                this.sessions.delete(session.transport.sessionId);
            }
            session.forget?.();
        };
        await server.connect(session.transport);
        return session;
    }

    private evictOldest(tokenId: string): void {
        const own = [...this.sessions.entries()].filter(([, session]) => session.tokenId === tokenId).sort(([, a], [, b]) => a.lastSeen - b.lastSeen);
        for (const [id] of own.slice(0, Math.max(0, own.length - MAX_SESSIONS_PER_TOKEN + 1))) {
            void this.end(id);
        }
    }

    private async sweep(): Promise<void> {
        const cutoff = Date.now() - this.options.idleSessionMs;
        for (const [id, session] of this.sessions) {
            if (session.lastSeen < cutoff) {
                this.options.log.info({ sessionId: id }, 'MCP session idle: closed');
                await this.end(id);
            }
        }
    }

    private async end(id: string): Promise<void> {
        const session = this.sessions.get(id);
        this.sessions.delete(id);
        session?.forget?.();
        await session?.server.close().catch(() => undefined);
    }
}

function jsonRpcError(res: Response, status: number, code: number, message: string): void {
    res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}
