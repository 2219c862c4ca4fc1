import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ACTIVITY_PATH, DASHBOARD_REDIRECT_PATH, OPEN_SANDBOX_PATH, SANDBOX_STATUS_PATH, SandboxStatusReport, TICKET_EXCHANGE_PATH } from '@ide/sandbox-contract';
import { readSessionToken, readWorkspaceSessionToken, sessionCookie, WORKSPACE_SESSION_COOKIE } from '../auth/session-cookie.js';
import { SessionService } from '../auth/sessions.js';
import { hashToken } from '../auth/token-hash.js';
import { WorkspaceSessions } from '../auth/workspace-sessions.js';
import { HttpError } from '../http/http-error.js';
import { errorPage, workspaceStatusPage } from '../http/pages.js';
import { safeNextPath, wantsHtml } from '../http/request-context.js';
import { securityHeaders } from '../http/security-headers.js';
import { UserRecord, WorkspaceRecord } from '../store/records.js';
import { SandboxLifecycle } from '../workspaces/sandbox-lifecycle.js';
import { WorkspaceService } from '../workspaces/workspace-service.js';
import { WorkspaceOrigins } from './workspace-origins.js';
import { WorkspaceAccess, WorkspaceProxy } from './workspace-proxy.js';

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
            const prefix = `/w/${route.workspaceId}`;
            const innerPathname = route.innerPath.split('?')[0];
            if (await this.gatewayPath(req, res, innerPathname, route.workspaceId, this.options.sessions.resolve(readSessionToken(req)), this.options.origins.gatewayOrigin(req))) {
                return;
            }
            const access = this.pathModeAccess(req, route.workspaceId, route.innerPath);
            if (isIdeDocument(req, access.innerPath)) {
                // In path mode the dashboard links straight here: loading the IDE's page is opening it.
                this.openInBackground(access);
            }
            await this.serveIde(req, res, access, { status: `${prefix}${SANDBOX_STATUS_PATH}`, open: `${prefix}${OPEN_SANDBOX_PATH}`, dashboard: '/' });
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
        const session = this.options.workspaceSessions.resolve(readWorkspaceSessionToken(req), workspaceId);
        if (await this.gatewayPath(req, res, path, workspaceId, session?.user, this.options.origins.workspaceOrigin(req, workspaceId))) {
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
        await this.serveIde(req, res, access, { status: SANDBOX_STATUS_PATH, open: OPEN_SANDBOX_PATH, dashboard: DASHBOARD_REDIRECT_PATH });
    }

    /**
     * The gateway's own paths beside the IDE, for its pages and tabs: the sandbox's status (what a tab
     * shows when its connection drops or an idle stop nears), an explicit start, and the user's activity.
     * The two POSTs must come from the IDE's own origin. Answers and returns true for those paths only.
     */
    private async gatewayPath(req: Request, res: Response, path: string, workspaceId: string, user: UserRecord | undefined, ownOrigin: string): Promise<boolean> {
        if (path !== SANDBOX_STATUS_PATH && path !== OPEN_SANDBOX_PATH && path !== ACTIVITY_PATH) {
            return false;
        }
        if (!user) {
            throw new HttpError(401, 'sign in to open this workspace');
        }
        res.setHeader('Cache-Control', 'no-store');
        let workspace: WorkspaceRecord;
        try {
            workspace = this.options.workspaces.get(user, workspaceId);
        } catch (error) {
            if (path === SANDBOX_STATUS_PATH && error instanceof HttpError && error.status === 404) {
                res.json({ state: 'deleted' } satisfies SandboxStatusReport);
                return true;
            }
            throw error;
        }
        if (path === SANDBOX_STATUS_PATH) {
            res.json(await this.options.lifecycle.status(workspace));
            return true;
        }
        if (req.method !== 'POST' || req.headers.origin !== ownOrigin) {
            throw new HttpError(403, 'only the workspace\'s own pages may do that');
        }
        if (path === OPEN_SANDBOX_PATH) {
            this.options.lifecycle.open(user, workspace.id).catch(() => undefined);
        } else {
            this.options.lifecycle.recordActivity(workspace.id);
        }
        res.status(202).json({ ok: true });
        return true;
    }

    /** An explicit open (the dashboard's link, Start): its progress and any failure are shown by the status page. */
    private openInBackground(access: WorkspaceAccess): void {
        this.options.lifecycle.open(access.user, access.workspace.id).catch(() => undefined);
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
        // Following the dashboard's link is opening the workspace: start it now, while the browser comes over.
        this.options.lifecycle.open(session.user, workspaceId).catch(() => undefined);
        res.redirect(303, safeNextPath(req.query.next));
    }

    /**
     * Relays to the IDE. While its sandbox is not running, the IDE's page is a status page instead
     * (the start's steps, or why it stopped, with Start): browser traffic never starts a sandbox by itself.
     */
    private async serveIde(req: Request, res: Response, access: WorkspaceAccess, urls: { status: string; open: string; dashboard: string }): Promise<void> {
        const { lifecycle } = this.options;
        if (!lifecycle.isReady(access.workspace.id) && isIdeDocument(req, access.innerPath)) {
            const status = await lifecycle.status(access.workspace);
            if (status.state !== 'running') {
                securityHeadersForGatewayPages(req, res);
                res.status(200).type('html').send(workspaceStatusPage(access.workspace.name, status, urls));
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
