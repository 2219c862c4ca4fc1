import type { Request, Response } from 'express';
import { TICKET_EXCHANGE_PATH } from '@ide/sandbox-contract';
import { framedSessionCookie, sessionCookie, WORKSPACE_SESSION_COOKIE } from '../auth/session-cookie.js';
import { WorkspaceSessions } from '../auth/workspace-sessions.js';
import { HttpError } from '../http/http-error.js';
import { errorPage } from '../http/pages/error-page.js';
import { safeNextPath } from '../http/request-context.js';
import { securityHeaders } from '../http/security-headers.js';
import { UserRecord } from '../store/records.js';
import { SandboxLifecycle } from '../workspaces/sandbox-lifecycle.js';
import { WorkspaceHost, WorkspaceOrigins } from './workspace-origins.js';

/**
 * Carries a signed-in user from one origin to a workspace's (or a port preview's) without its
 * cookie ever going there: a one-use ticket in a redirect, traded on the target origin for a cookie
 * of that origin only. Following such a link to a workspace's IDE is opening it.
 */
export class WorkspaceTickets {
    constructor(
        private readonly workspaceSessions: WorkspaceSessions,
        private readonly lifecycle: SandboxLifecycle,
        private readonly origins: WorkspaceOrigins,
        private readonly isSecure: (req: Request) => boolean
    ) { }

    /** Redirects `user` (allowed to, as the caller checked) to `target`'s origin, to `innerPath` there. */
    redirect(req: Request, res: Response, grant: { user: UserRecord; sessionHash: string; dashboardOrigin: string }, target: WorkspaceHost, innerPath: string): void {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
            throw new HttpError(405, 'this opens the workspace on its own origin: follow it with a GET');
        }
        const ticket = this.workspaceSessions.issueTicket(grant.user, grant.sessionHash, target.workspaceId, grant.dashboardOrigin, target.port);
        const origin = target.port === undefined ? this.origins.workspaceOrigin(req, target.workspaceId) : this.origins.portOrigin(req, target.workspaceId, target.port);
        const url = new URL(TICKET_EXCHANGE_PATH, origin);
        url.searchParams.set('ticket', ticket);
        url.searchParams.set('next', safeNextPath(innerPath));
        res.setHeader('Cache-Control', 'no-store');
        res.redirect(303, url.href);
    }

    /** TICKET_EXCHANGE_PATH on a workspace's or a port preview's origin. */
    async exchange(req: Request, res: Response, host: WorkspaceHost): Promise<void> {
        const ticket = typeof req.query.ticket === 'string' ? req.query.ticket : '';
        const session = ticket.length <= 100 ? await this.workspaceSessions.redeem(ticket, host.workspaceId, host.port) : undefined;
        securityHeaders(req, res, () => undefined);
        if (!session) {
            res.status(401).type('html').send(errorPage(401, 'This link to the workspace is not valid any more: it works once, for a minute. Open the workspace again from the dashboard.',
                `${this.origins.gatewayOriginFromWorkspace(req)}/`));
            return;
        }
        const cookies = [sessionCookie(session.token, session.expiresAt, this.isSecure(req), WORKSPACE_SESSION_COOKIE)];
        if (host.port !== undefined && req.headers['sec-fetch-dest'] === 'iframe') {
            cookies.push(framedSessionCookie(session.token, session.expiresAt));
        }
        res.setHeader('Set-Cookie', cookies);
        if (host.port === undefined) {
            // Following the dashboard's link is opening the workspace: start it now, while the browser comes over.
            this.lifecycle.open(session.user, host.workspaceId).catch(() => undefined);
        }
        res.redirect(303, safeNextPath(req.query.next));
    }
}
