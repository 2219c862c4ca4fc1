import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DASHBOARD_REDIRECT_PATH, GATEWAY_PATH_PREFIX, OPEN_SANDBOX_PATH, PORT_PREVIEW_PREFIX, SANDBOX_STATUS_PATH, TICKET_EXCHANGE_PATH } from '@ide/sandbox-contract';
import { HttpError } from '../http/http-error.js';
import { workspaceStatusPage } from '../http/pages/workspace-status-page.js';
import { safeNextPath, wantsHtml } from '../http/request-context.js';
import { securityHeaders } from '../http/security-headers.js';
import { SandboxLifecycle } from '../workspaces/sandbox-lifecycle.js';
import { IdeAssets } from './ide-assets.js';
import { WorkspaceAccessResolver } from './workspace-access.js';
import { WorkspaceGatewayPaths } from './workspace-gateway-paths.js';
import { WorkspaceHost, WorkspaceOrigins } from './workspace-origins.js';
import { WorkspaceAccess, WorkspaceProxy } from './workspace-proxy.js';
import { matchPortPath, matchWorkspacePath, pathAndQuery } from './workspace-routes.js';
import { WorkspaceTickets } from './workspace-tickets.js';

/** How long the IDE's page waits for an open that only attaches to a running sandbox (a warm-pool hit) before it shows the start's progress. */
const HAND_OFF_WAIT_MS = 2000;

export interface WorkspaceFrontDoorOptions {
    origins: WorkspaceOrigins;
    access: WorkspaceAccessResolver;
    tickets: WorkspaceTickets;
    gatewayPaths: WorkspaceGatewayPaths;
    lifecycle: SandboxLifecycle;
    proxy: WorkspaceProxy;
    assets: IdeAssets;
    isSecure: (req: IncomingMessage) => boolean;
}

/**
 * Where browser traffic for a workspace enters, by origin: a workspace's own origin is its IDE (but
 * for the `/.gateway/` paths the gateway answers there), a port preview's origin is that port's
 * server in the sandbox; on the gateway's origin `/w/<id>/` and `/w/<id>/port/<port>/` hand a
 * signed-in user over to those origins with a one-use ticket. In path mode both are served under
 * those paths instead. Who may do what is resolved once, before anything is relayed.
 */
export class WorkspaceFrontDoor {
    constructor(private readonly options: WorkspaceFrontDoorOptions) { }

    /** Express middleware: answers what is a workspace's, passes everything else to the gateway's routes. */
    readonly middleware: RequestHandler = (req, res, next) => {
        this.route(req, res, next).catch(next);
    };

    /** A WebSocket upgrade; throws HttpError when it is refused. */
    async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
        const { origins, access, proxy } = this.options;
        const ownOrigin = `${this.options.isSecure(req) ? 'https' : 'http'}://${req.headers.host}`;
        if (req.headers.origin !== undefined && req.headers.origin !== ownOrigin) {
            throw new HttpError(403, 'cross-origin WebSocket refused');
        }
        const host = origins.workspaceOfRequest(req);
        if (host) {
            await proxy.forwardUpgrade(req, socket, head, access.onOrigin(req, host, pathAndQuery(req.url)));
            return;
        }
        const route = origins.pathMode ? matchWorkspacePath(req.url ?? '') : undefined;
        if (!route?.innerPath) {
            throw new HttpError(404, 'no such WebSocket endpoint');
        }
        await proxy.forwardUpgrade(req, socket, head, access.onPath(req, route, route.innerPath));
    }

    private async route(req: Request, res: Response, next: NextFunction): Promise<void> {
        const host = this.options.origins.workspaceOfRequest(req);
        if (host) {
            res.locals.dashboardUrl = DASHBOARD_REDIRECT_PATH;
            if (this.isWriteFromAnotherWorkspace(req, host)) {
                // Workspaces of one domain are one site, so their cookies go along with writes from each other's pages.
                throw new HttpError(403, 'a write from another workspace\'s or site\'s page is refused');
            }
            await (host.port === undefined ? this.onWorkspaceOrigin(req, res, host) : this.onPortOrigin(req, res, host));
            return;
        }
        if (req.path === DASHBOARD_REDIRECT_PATH) {
            res.redirect(303, '/');
            return;
        }
        if (this.options.assets.answerShared(req, res, req.path)) {
            return;
        }
        const route = matchWorkspacePath(req.url);
        if (!route) {
            next();
            return;
        }
        if (route.innerPath === '') {
            res.redirect(308, `${req.path}/`);
            return;
        }
        if (this.options.origins.pathMode) {
            await this.onWorkspacePath(req, res, route, route.innerPath);
            return;
        }
        const grant = { ...this.options.access.gatewayUser(req), dashboardOrigin: this.options.origins.gatewayOrigin(req) };
        // Refused here as on the target origin: someone else's workspace, or a port nobody shared, is "not found".
        this.options.access.mayOpen(grant.user, route);
        this.options.tickets.redirect(req, res, grant, route, route.innerPath);
    }

    /** A write may come from any page of the same workspace (its IDE, its ports' previews), or from no page at all. */
    private isWriteFromAnotherWorkspace(req: IncomingMessage, host: WorkspaceHost): boolean {
        if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') {
            return false;
        }
        const { origin } = req.headers;
        if (origin !== undefined) {
            return this.options.origins.workspaceOfOrigin(origin) !== host.workspaceId;
        }
        const site = req.headers['sec-fetch-site'];
        return site !== undefined && site !== 'same-origin' && site !== 'none';
    }

    private async onWorkspaceOrigin(req: Request, res: Response, host: WorkspaceHost): Promise<void> {
        const { access, origins, tickets } = this.options;
        const url = pathAndQuery(req.url);
        const path = url.split('?')[0];
        if (path === TICKET_EXCHANGE_PATH) {
            await tickets.exchange(req, res, host);
            return;
        }
        const user = access.originUser(req, host);
        if (await this.options.gatewayPaths.answer(req, res, path, host.workspaceId, user?.user, origins.workspaceOrigin(req, host.workspaceId))) {
            return;
        }
        if (path === DASHBOARD_REDIRECT_PATH) {
            res.redirect(303, `${user?.dashboardOrigin ?? origins.gatewayOriginFromWorkspace(req)}/`);
            return;
        }
        const port = path.startsWith(PORT_PREVIEW_PREFIX) ? matchPortPath(url.slice(PORT_PREVIEW_PREFIX.length)) : undefined;
        if (port) {
            if (!user) {
                throw new HttpError(401, 'sign in to open this workspace');
            }
            const target = { workspaceId: host.workspaceId, port: port.port };
            access.mayOpen(user.user, target);
            tickets.redirect(req, res, user, target, port.innerPath);
            return;
        }
        await this.serveIde(req, res, this.orSignIn(req, res, host, url), {
            status: SANDBOX_STATUS_PATH, open: OPEN_SANDBOX_PATH, dashboard: DASHBOARD_REDIRECT_PATH,
            assets: user?.dashboardOrigin ?? origins.gatewayOriginFromWorkspace(req)
        });
    }

    private async onPortOrigin(req: Request, res: Response, host: WorkspaceHost): Promise<void> {
        const url = pathAndQuery(req.url);
        if (url.split('?')[0] === TICKET_EXCHANGE_PATH) {
            await this.options.tickets.exchange(req, res, host);
            return;
        }
        const access = this.orSignIn(req, res, host, url);
        if (access) {
            await this.options.proxy.forwardHttp(req, res, access);
        }
    }

    /** Path mode: the IDE under `/w/<id>/`, a port's preview under `/w/<id>/port/<port>/`, the gateway's paths beside the IDE. */
    private async onWorkspacePath(req: Request, res: Response, host: WorkspaceHost, innerPath: string): Promise<void> {
        const { access, origins } = this.options;
        const prefix = `/w/${host.workspaceId}`;
        const innerPathname = innerPath.split('?')[0];
        if (host.port === undefined) {
            const user = access.gatewayUser(req).user;
            if (await this.options.gatewayPaths.answer(req, res, innerPathname, host.workspaceId, user, origins.gatewayOrigin(req))) {
                return;
            }
            const port = innerPathname.startsWith(PORT_PREVIEW_PREFIX) ? matchPortPath(innerPath.slice(PORT_PREVIEW_PREFIX.length)) : undefined;
            if (port) {
                res.redirect(303, `${prefix}/port/${port.port}${port.innerPath}`);
                return;
            }
        }
        const resolved = access.onPath(req, host, innerPath);
        if (!resolved.preview && isIdeDocument(req, innerPath)) {
            // In path mode the dashboard links straight here: loading the IDE's page is opening it.
            this.options.lifecycle.open(resolved.user, host.workspaceId).catch(() => undefined);
        }
        if (resolved.preview) {
            await this.options.proxy.forwardHttp(req, res, resolved);
            return;
        }
        await this.serveIde(req, res, resolved, {
            status: `${prefix}${SANDBOX_STATUS_PATH}`, open: `${prefix}${OPEN_SANDBOX_PATH}`, dashboard: '/', assets: origins.gatewayOrigin(req)
        });
    }

    /** The access of this origin's cookie; without one, a page load is sent to sign in on the gateway's origin, which sends a ticket back. */
    private orSignIn(req: Request, res: Response, host: WorkspaceHost, url: string): WorkspaceAccess | undefined {
        try {
            return this.options.access.onOrigin(req, host, url);
        } catch (error) {
            if (error instanceof HttpError && error.status === 401 && (req.method === 'GET' || req.method === 'HEAD') && wantsHtml(req) && !url.startsWith(GATEWAY_PATH_PREFIX)) {
                const launcher = host.port === undefined ? `/w/${host.workspaceId}` : `/w/${host.workspaceId}/port/${host.port}`;
                res.redirect(303, `${this.options.origins.gatewayOriginFromWorkspace(req)}${launcher}${safeNextPath(url)}`);
                return undefined;
            }
            throw error;
        }
    }

    /**
     * Relays to the IDE; its static files the gateway serves itself (IdeAssets), and its page points at the bundle on the gateway's origin (`urls.assets`).
     * While its sandbox is not running, the IDE's page is a status page instead (the start's steps, or why it stopped, with Start):
     * browser traffic never starts a sandbox by itself.
     */
    private async serveIde(req: Request, res: Response, access: WorkspaceAccess | undefined, urls: { status: string; open: string; dashboard: string; assets: string }): Promise<void> {
        if (!access || this.options.assets.answer(req, res, access.innerPath.split('?')[0], urls.assets)) {
            return;
        }
        const { lifecycle } = this.options;
        if (!isIdeDocument(req, access.innerPath)) {
            await this.options.proxy.forwardHttp(req, res, access);
            return;
        }
        if (!await lifecycle.readySoon(access.workspace.id, HAND_OFF_WAIT_MS)) {
            const status = await lifecycle.status(access.workspace);
            if (status.state !== 'running') {
                securityHeaders(req, res, () => undefined);
                res.status(200).type('html').send(workspaceStatusPage(access.workspace.name, status, urls));
                return;
            }
        }
        // The page is read whole to point it at the shared bundle: asked for uncompressed and unconditionally.
        req.headers['accept-encoding'] = 'identity';
        delete req.headers['if-none-match'];
        delete req.headers['if-modified-since'];
        await this.options.proxy.forwardHttp(req, res, access, this.options.assets.pageRewriter(urls.assets));
    }
}

function isIdeDocument(req: IncomingMessage, innerPath: string): boolean {
    const path = innerPath.split('?')[0];
    return req.method === 'GET' && (path === '/' || path === '/index.html') && String(req.headers.accept).includes('text/html');
}
