import type { IncomingMessage } from 'node:http';
import { readSessionToken, readWorkspaceSessionToken } from '../auth/session-cookie.js';
import { SessionService } from '../auth/sessions.js';
import { hashToken } from '../auth/token-hash.js';
import { WorkspaceSessions } from '../auth/workspace-sessions.js';
import { HttpError } from '../http/http-error.js';
import { UserRecord } from '../store/records.js';
import { WorkspaceService } from '../workspaces/workspace-service.js';
import { WorkspaceHost, WorkspaceOrigins } from './workspace-origins.js';
import { WorkspaceAccess } from './workspace-proxy.js';

const signIn = (): HttpError => new HttpError(401, 'sign in to open this workspace');

/**
 * Who may use which workspace, decided once per request: on a workspace's or a port preview's own
 * origin by that origin's cookie, on the gateway's origin (the launcher, path mode) by the gateway's
 * session. The IDE is its owner's only; a port's preview also whoever the owner shares it with.
 */
export class WorkspaceAccessResolver {
    constructor(
        private readonly sessions: SessionService,
        private readonly workspaceSessions: WorkspaceSessions,
        private readonly workspaces: WorkspaceService,
        private readonly origins: WorkspaceOrigins
    ) { }

    /** The signed-in user of the gateway's origin and their session's hash; 401 otherwise. */
    gatewayUser(req: IncomingMessage): { user: UserRecord; sessionHash: string } {
        const token = readSessionToken(req);
        const user = this.sessions.resolve(token);
        if (!user || !token) {
            throw signIn();
        }
        return { user, sessionHash: hashToken(token) };
    }

    /** The user of a workspace's or a port preview's origin, by that origin's own cookie, if any. */
    originUser(req: IncomingMessage, host: WorkspaceHost): { user: UserRecord; sessionHash: string; dashboardOrigin: string } | undefined {
        const found = this.workspaceSessions.resolve(readWorkspaceSessionToken(req), host.workspaceId, host.port);
        return found && { user: found.user, sessionHash: found.session.parentHash, dashboardOrigin: found.session.dashboardOrigin };
    }

    /** On a workspace's or a port preview's own origin. */
    onOrigin(req: IncomingMessage, host: WorkspaceHost, innerPath: string): WorkspaceAccess {
        const found = this.originUser(req, host);
        if (!found) {
            throw signIn();
        }
        return this.access(found.user, found.sessionHash, host, '', innerPath, host.port === undefined ? undefined : this.origins.workspaceOrigin(req, host.workspaceId));
    }

    /** Path mode: under `/w/<id>/` (or `/w/<id>/port/<port>/`) on the gateway's origin. */
    onPath(req: IncomingMessage, host: WorkspaceHost, innerPath: string): WorkspaceAccess {
        const { user, sessionHash } = this.gatewayUser(req);
        const prefix = host.port === undefined ? `/w/${host.workspaceId}` : `/w/${host.workspaceId}/port/${host.port}`;
        return this.access(user, sessionHash, host, prefix, innerPath, host.port === undefined ? undefined : this.origins.gatewayOrigin(req));
    }

    /** Throws "not found" unless `user` may use `host`: the workspace's IDE, or one of its ports' previews. */
    mayOpen(user: UserRecord, host: WorkspaceHost): void {
        if (host.port === undefined) {
            this.workspaces.get(user, host.workspaceId);
        } else {
            this.workspaces.getForPort(user, host.workspaceId, host.port);
        }
    }

    private access(user: UserRecord, sessionHash: string, host: WorkspaceHost, prefix: string, innerPath: string, framedBy: string | undefined): WorkspaceAccess {
        if (host.port === undefined) {
            return { user, workspace: this.workspaces.get(user, host.workspaceId), sessionHash, prefix, innerPath };
        }
        return {
            user, sessionHash, prefix, innerPath,
            workspace: this.workspaces.getForPort(user, host.workspaceId, host.port),
            preview: { port: host.port, framedBy: framedBy! }
        };
    }
}
