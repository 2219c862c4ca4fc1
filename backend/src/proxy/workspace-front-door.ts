import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DASHBOARD_REDIRECT_PATH, OPEN_SANDBOX_PATH, TICKET_EXCHANGE_PATH } from '@ide/sandbox-contract';
import { readSessionToken, readWorkspaceSessionToken, sessionCookie, WORKSPACE_SESSION_COOKIE } from '../auth/session-cookie.js';
import { SessionService } from '../auth/sessions.js';
import { hashToken } from '../auth/token-hash.js';
import { WorkspaceSessions } from '../auth/workspace-sessions.js';
import { HttpError } from '../http/http-error.js';
import { errorPage, startingPage } from '../http/pages.js';
import { safeNextPath, wantsHtml } from '../http/request-context.js';
import { securityHeaders } from '../http/security-headers.js';
import { SandboxLifecycle } from '../workspaces/sandbox-lifecycle.js';
import { WorkspaceService } from '../workspaces/workspace-service.js';
import { WorkspaceOrigins } from './workspace-origins.js';
import { WorkspaceAccess, WorkspaceProxy } from './workspace-proxy.js';

/** How long an opening page waits for a sandbox before it shows "Starting…" instead. */
const QUICK_OPEN_MS = 1500;

const WORKSPACE_PATH = /^\/w\/([^/?#]*)(\/[^#]*)?$/;

export interface WorkspaceFrontDoorOptions {
    origins: WorkspaceOrigins;
    sessions: SessionService;
    workspaceSessions: WorkspaceSessions;
    workspaces: WorkspaceService;
    lifecycle: SandboxLifecycle;
    proxy: WorkspaceProxy;
    isSecure: (req: IncomingMessage) => boolean;
}

/**
 * Where browser traffic for a workspace enters. On a workspace's own origin everything is its IDE
 * (but for the few `/.gateway/` paths the gateway answers there), for the owner only, with that
 * origin's own session; `/w/<id>/` on the gateway's origin hands the signed-in owner a one-use
 * ticket to it. In path mode the IDE is served under `/w/<id>/` with the gateway's session.
 * The user and the workspace are resolved once, here, before anything is relayed.
 */
export class WorkspaceFrontDoor {
    constructor(private readonly options: WorkspaceFrontDoorOptions) { }

    /** Express middleware: answers what is a workspace's, passes everything else to the gateway's routes. */
    readonly middleware: RequestHandler = (req, res, next) => {
        this.route(req, res, next).catch(next);
    };

    /** A WebSocket upgrade; throws HttpError when it is refused. */
    async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
        const { origins, proxy } = this.options;
        const ownOrigin = `${this.options.isSecure(req) ? 'https' : 'http'}://${req.headers.host}`;
        if (req.headers.origin !== undefined && req.headers.origin !== ownOrigin) {
            throw new HttpError(403, 'cross-origin WebSocket refused');
        }
        const workspaceId = origins.workspaceOfRequest(req);
        if (workspaceId) {
            await proxy.forwardUpgrade(req, socket, head, this.workspaceOriginAccess(req, workspaceId, pathAndQuery(req.url)));
            return;
        }
        const route = origins.pathMode ? matchWorkspacePath(req.url ?? '') : undefined;
        if (!route?.innerPath) {
            throw new HttpError(404, 'no such WebSocket endpoint');
        }
        await proxy.forwardUpgrade(req, socket, head, this.pathModeAccess(req, route.workspaceId, route.innerPath));
    }

    private async route(req: Request, res: Response, next: NextFunction): Promise<void> {
        const workspaceId = this.options.origins.workspaceOfRequest(req);
        if (workspaceId) {
            res.locals.dashboardUrl = DASHBOARD_REDIRECT_PATH;
            await this.onWorkspaceOrigin(req, res, workspaceId);
            return;
        }
        if (req.path === DASHBOARD_REDIRECT_PATH) {
            res.redirect(303, '/');
            return;
        }
        const route = matchWorkspacePath(req.url);
        if (!route) {
            next();
            return;
        }
        if (route.innerPath === '') {
            res.redirect(308, `/w/${encodeURIComponent(route.workspaceId)}/`);
            return;
        }
        if (this.options.origins.pathMode) {
            await this.serveIde(req, res, this.pathModeAccess(req, route.workspaceId, route.innerPath), { open: `/api/workspaces/${route.workspaceId}/open`, dashboard: '/' });
        } else {
            this.launch(req, res, route.workspaceId, route.innerPath);
        }
    }

    /** `/w/<id>/…` on the gateway's origin: a one-use ticket for the owner, carried to the workspace's origin. */
    private launch(req: Request, res: Response, workspaceId: string, innerPath: string): void {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
            throw new HttpError(405, 'the IDE is on the workspace\'s own origin; open it with a GET');
        }
        const token = readSessionToken(req);
        const user = this.options.sessions.resolve(token);
        if (!user || !token) {
            throw new HttpError(401, 'sign in to open this workspace');
        }
        const workspace = this.options.workspaces.get(user, workspaceId);
        const { origins } = this.options;
        const ticket = this.options.workspaceSessions.issueTicket(user, hashToken(token), workspace.id, origins.gatewayOrigin(req));
        const target = new URL(TICKET_EXCHANGE_PATH, origins.workspaceOrigin(req, workspace.id));
        target.searchParams.set('ticket', ticket);
        target.searchParams.set('next', safeNextPath(innerPath));
        res.setHeader('Cache-Control', 'no-store');
        res.redirect(303, target.href);
    }

    private async onWorkspaceOrigin(req: Request, res: Response, workspaceId: string): Promise<void> {
        const path = pathAndQuery(req.url).split('?')[0];
        if (path === TICKET_EXCHANGE_PATH) {
            await this.exchangeTicket(req, res, workspaceId);
            return;
        }
        if (path === DASHBOARD_REDIRECT_PATH) {
            const access = this.options.workspaceSessions.resolve(readWorkspaceSessionToken(req), workspaceId);
            res.redirect(303, `${access?.session.dashboardOrigin ?? this.options.origins.gatewayOriginFromWorkspace(req)}/`);
            return;
        }
        let access: WorkspaceAccess;
        try {
            access = this.workspaceOriginAccess(req, workspaceId, pathAndQuery(req.url));
        } catch (error) {
            if (error instanceof HttpError && error.status === 401 && (req.method === 'GET' || req.method === 'HEAD') && wantsHtml(req)) {
                // No session on this origin yet (a bookmark, an expired one): the gateway's origin signs in and sends a ticket.
                res.redirect(303, `${this.options.origins.gatewayOriginFromWorkspace(req)}/w/${workspaceId}${safeNextPath(pathAndQuery(req.url))}`);
                return;
            }
            throw error;
        }
        if (path === OPEN_SANDBOX_PATH) {
            if (req.method !== 'POST' || req.headers.origin !== this.options.origins.workspaceOrigin(req, workspaceId)) {
                throw new HttpError(403, 'open the sandbox from its own page');
            }
            await this.options.lifecycle.open(access.user, workspaceId);
            res.json({ ok: true });
            return;
        }
        await this.serveIde(req, res, access, { open: OPEN_SANDBOX_PATH, dashboard: DASHBOARD_REDIRECT_PATH });
    }

    private async exchangeTicket(req: Request, res: Response, workspaceId: string): Promise<void> {
        const ticket = typeof req.query.ticket === 'string' ? req.query.ticket : '';
        const session = ticket.length <= 100 ? await this.options.workspaceSessions.redeem(ticket, workspaceId) : undefined;
        securityHeadersForGatewayPages(req, res);
        if (!session) {
            res.status(401).type('html').send(errorPage(401, 'This link to the workspace is not valid any more: it works once, for a minute. Open the workspace again from the dashboard.',
                `${this.options.origins.gatewayOriginFromWorkspace(req)}/`));
            return;
        }
        res.setHeader('Set-Cookie', sessionCookie(session.token, session.expiresAt, this.options.isSecure(req), WORKSPACE_SESSION_COOKIE));
        res.setHeader('Cache-Control', 'no-store');
        res.redirect(303, safeNextPath(req.query.next));
    }

    /** Relays to the IDE; a first load of the IDE's page shows "Starting…" instead of waiting for a slow start. */
    private async serveIde(req: Request, res: Response, access: WorkspaceAccess, urls: { open: string; dashboard: string }): Promise<void> {
        const { lifecycle } = this.options;
        if (!lifecycle.isReady(access.workspace.id) && isIdeDocument(req, access.innerPath)) {
            const opening = lifecycle.open(access.user, access.workspace.id);
            opening.catch(() => undefined);
            const openedQuickly = await Promise.race([opening.then(() => true), sleep(QUICK_OPEN_MS, false)]);
            if (!openedQuickly) {
                securityHeadersForGatewayPages(req, res);
                res.status(200).type('html').send(startingPage(access.workspace.name, urls.open, urls.dashboard));
                return;
            }
        }
        await this.options.proxy.forwardHttp(req, res, access);
    }

    /** The owner, by this workspace origin's own session cookie. */
    private workspaceOriginAccess(req: IncomingMessage, workspaceId: string, innerPath: string): WorkspaceAccess {
        const found = this.options.workspaceSessions.resolve(readWorkspaceSessionToken(req), workspaceId);
        if (!found) {
            throw new HttpError(401, 'sign in to open this workspace');
        }
        return { user: found.user, workspace: this.options.workspaces.get(found.user, workspaceId), sessionHash: found.session.parentHash, prefix: '', innerPath };
    }

    /** Path mode: the owner, by the gateway's session cookie. */
    private pathModeAccess(req: IncomingMessage, workspaceId: string, innerPath: string): WorkspaceAccess {
        const token = readSessionToken(req);
        const user = this.options.sessions.resolve(token);
        if (!user || !token) {
            throw new HttpError(401, 'sign in to open this workspace');
        }
        const workspace = this.options.workspaces.get(user, workspaceId);
        return { user, workspace, sessionHash: hashToken(token), prefix: `/w/${workspace.id}`, innerPath };
    }
}

interface WorkspaceRoute {
    workspaceId: string;
    /** The path inside the IDE, with its query: `/w/abc/x?y` gives `/x?y`. */
    innerPath: string;
}

/** `/w/<id>/…`; the id is matched as written (ids have one exact shape, so no decoding is needed or done). */
function matchWorkspacePath(url: string): WorkspaceRoute | undefined {
    const match = WORKSPACE_PATH.exec(url);
    return match ? { workspaceId: match[1], innerPath: match[2] ?? '' } : undefined;
}

/** The request target as a path: an absolute-form target (`http://host/x`) is reduced to its path. */
function pathAndQuery(url: string | undefined): string {
    const target = url ?? '/';
    if (target.startsWith('/')) {
        return target;
    }
    try {
        const parsed = new URL(target);
        return parsed.pathname + parsed.search;
    } catch {
        throw new HttpError(400, 'malformed request target');
    }
}

function isIdeDocument(req: IncomingMessage, innerPath: string): boolean {
    const path = innerPath.split('?')[0];
    return req.method === 'GET' && (path === '/' || path === '/index.html') && String(req.headers.accept).includes('text/html');
}

/** The gateway's own pages served on a workspace origin (starting, ticket errors) get the gateway's strict headers; the IDE's responses do not. */
function securityHeadersForGatewayPages(req: Request, res: Response): void {
    securityHeaders(req, res, () => undefined);
}
