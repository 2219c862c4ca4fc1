import type { IncomingMessage, ServerResponse } from 'node:http';
import { posix } from 'node:path';
import type { Duplex } from 'node:stream';
import { readSessionToken } from '../auth/session-cookie.js';
import { SessionService } from '../auth/sessions.js';
import { HttpError } from '../http/http-error.js';
import { Logger } from '../log.js';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { UserRecord } from '../store/records.js';
import { SandboxEndpoints } from '../workspaces/sandbox-endpoints.js';
import { WorkspaceService } from '../workspaces/workspace-service.js';
import { ForwardedFor } from './proxy-headers.js';
import { proxyHttp, proxyUpgrade, SandboxUnreachable } from './socket-proxy.js';

const WORKSPACE_PATH = /^\/w\/([^/?#]+)(\/[^#]*)?$/;

export interface WorkspaceRoute {
    workspaceId: string;
    /** The path inside the IDE, with its query: `/w/abc/x?y` gives `/x?y`. */
    innerPath: string;
}

/** The sandbox's own endpoints (readiness, agent tool calls): only the gateway itself talks to them. */
const SANDBOX_INTERNAL_PREFIX = '/.ide';

export function matchWorkspacePath(url: string): WorkspaceRoute | undefined {
    const match = WORKSPACE_PATH.exec(url);
    if (!match) {
        return undefined;
    }
    return { workspaceId: decodeURIComponent(match[1]), innerPath: match[2] ?? '' };
}

/** Refuses `/.ide/...` however it is spelled (`%2e`, `//`, `a/../`), so agent tools are reached only through the audited /mcp. */
function refuseSandboxInternalPath(innerPath: string): void {
    let pathname: string;
    try {
        pathname = posix.normalize(decodeURIComponent(innerPath.split('?')[0] || '/'));
    } catch {
        throw new HttpError(400, 'malformed path');
    }
    if (pathname === SANDBOX_INTERNAL_PREFIX || pathname.startsWith(SANDBOX_INTERNAL_PREFIX + '/')) {
        throw new HttpError(404, 'not found');
    }
}

/**
 * The front door of /w/<workspace>/...: only the workspace's owner passes; the sandbox is started
 * when needed, then HTTP and WebSocket traffic is relayed to its socket.
 */
export class WorkspaceProxy {
    constructor(
        private readonly sessions: SessionService,
        private readonly workspaces: WorkspaceService,
        private readonly endpoints: SandboxEndpoints,
        private readonly log: Logger,
        private readonly metrics: GatewayMetrics,
        private readonly isSecure: (req: IncomingMessage) => boolean
    ) { }

    /** Resolves the route for an HTTP request: throws HttpError for anyone but the owner. */
    authorize(req: IncomingMessage, route: WorkspaceRoute): UserRecord {
        refuseSandboxInternalPath(route.innerPath);
        const user = this.sessions.resolve(readSessionToken(req));
        if (!user) {
            throw new HttpError(401, 'sign in to open this workspace');
        }
        this.workspaces.get(user, route.workspaceId);
        return user;
    }

    async forwardHttp(req: IncomingMessage, res: ServerResponse, user: UserRecord, route: WorkspaceRoute): Promise<void> {
        const endpoint = await this.endpoints.get(user, route.workspaceId);
        try {
            await proxyHttp(req, res, endpoint, route.innerPath, this.forwarded(req, route));
            this.metrics.proxyRequests.inc({ kind: 'http', outcome: 'relayed' });
        } catch (error) {
            this.handleUnreachable(route, error, 'http');
        }
    }

    /** WebSocket upgrades: authenticated like HTTP, and the Origin must be this gateway (no cross-site hijacking). */
    async forwardUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, route: WorkspaceRoute): Promise<void> {
        const origin = req.headers.origin;
        const expected = `${this.isSecure(req) ? 'https' : 'http'}://${req.headers.host}`;
        if (origin && origin !== expected) {
            throw new HttpError(403, 'cross-origin WebSocket refused');
        }
        const user = this.authorize(req, route);
        const endpoint = await this.endpoints.get(user, route.workspaceId);
        try {
            await proxyUpgrade(req, socket, head, endpoint, route.innerPath, this.forwarded(req, route));
            this.endpoints.trackConnection(route.workspaceId, socket);
            this.metrics.proxyRequests.inc({ kind: 'websocket', outcome: 'relayed' });
        } catch (error) {
            this.handleUnreachable(route, error, 'websocket');
        }
    }

    private handleUnreachable(route: WorkspaceRoute, error: unknown, kind: 'http' | 'websocket'): never {
        this.metrics.proxyRequests.inc({ kind, outcome: 'failed' });
        if (error instanceof SandboxUnreachable) {
            this.endpoints.forget(route.workspaceId);
            this.log.warn({ workspaceId: route.workspaceId, err: error.message }, 'sandbox socket unreachable');
            throw new HttpError(502, 'the sandbox stopped answering; reload the page to restart it');
        }
        throw error;
    }

    private forwarded(req: IncomingMessage, route: WorkspaceRoute): ForwardedFor {
        return {
            prefix: `/w/${route.workspaceId}`,
            clientIp: req.socket.remoteAddress ?? '',
            proto: this.isSecure(req) ? 'https' : 'http',
            host: req.headers.host ?? ''
        };
    }
}
