import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { readSessionToken } from '../auth/session-cookie.js';
import { SessionService } from '../auth/sessions.js';
import { HttpError } from '../http/http-error.js';
import { Logger } from '../log.js';
import { SandboxEndpoint } from '../sandbox/sandbox-provider.js';
import { UserRecord } from '../store/records.js';
import { WorkspaceService } from '../workspaces/workspace-service.js';
import { ForwardedFor } from './proxy-headers.js';
import { proxyHttp, proxyUpgrade, SandboxUnreachable } from './socket-proxy.js';

const WORKSPACE_PATH = /^\/w\/([^/?#]+)(\/[^#]*)?$/;

export interface WorkspaceRoute {
    workspaceId: string;
    /** The path inside the IDE, with its query: `/w/abc/x?y` gives `/x?y`. */
    innerPath: string;
}

export function matchWorkspacePath(url: string): WorkspaceRoute | undefined {
    const match = WORKSPACE_PATH.exec(url);
    if (!match) {
        return undefined;
    }
    return { workspaceId: decodeURIComponent(match[1]), innerPath: match[2] ?? '' };
}

/**
 * The front door of /w/<workspace>/...: only the workspace's owner passes; the sandbox is started
 * when needed, then HTTP and WebSocket traffic is relayed to its socket.
 */
export class WorkspaceProxy {
    private readonly endpoints = new Map<string, SandboxEndpoint>();
    private readonly lastActivity = new Map<string, number>();

    constructor(
        private readonly sessions: SessionService,
        private readonly workspaces: WorkspaceService,
        private readonly log: Logger,
        private readonly isSecure: (req: IncomingMessage) => boolean
    ) { }

    /** Milliseconds since epoch of the last request to the workspace through this gateway. */
    activity(workspaceId: string): number | undefined {
        return this.lastActivity.get(workspaceId);
    }

    forget(workspaceId: string): void {
        this.endpoints.delete(workspaceId);
    }

    /** Resolves the route for an HTTP request: throws HttpError for anyone but the owner. */
    authorize(req: IncomingMessage, route: WorkspaceRoute): UserRecord {
        const user = this.sessions.resolve(readSessionToken(req));
        if (!user) {
            throw new HttpError(401, 'sign in to open this workspace');
        }
        this.workspaces.get(user, route.workspaceId);
        return user;
    }

    /** Whether the sandbox is known to be ready, so a request can be relayed at once. */
    isReady(workspaceId: string): boolean {
        return this.endpoints.has(workspaceId);
    }

    async open(user: UserRecord, workspaceId: string): Promise<SandboxEndpoint> {
        const endpoint = await this.workspaces.open(user, workspaceId);
        this.endpoints.set(workspaceId, endpoint);
        return endpoint;
    }

    async forwardHttp(req: IncomingMessage, res: ServerResponse, user: UserRecord, route: WorkspaceRoute): Promise<void> {
        const endpoint = this.endpoints.get(route.workspaceId) ?? await this.open(user, route.workspaceId);
        this.lastActivity.set(route.workspaceId, Date.now());
        try {
            await proxyHttp(req, res, endpoint, route.innerPath, this.forwarded(req, route));
        } catch (error) {
            this.handleUnreachable(route, error);
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
        const endpoint = this.endpoints.get(route.workspaceId) ?? await this.open(user, route.workspaceId);
        this.lastActivity.set(route.workspaceId, Date.now());
        try {
            await proxyUpgrade(req, socket, head, endpoint, route.innerPath, this.forwarded(req, route));
        } catch (error) {
            this.handleUnreachable(route, error);
        }
    }

    private handleUnreachable(route: WorkspaceRoute, error: unknown): never {
        if (error instanceof SandboxUnreachable) {
            this.endpoints.delete(route.workspaceId);
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
