import type { Request, Response } from 'express';
import { AuditLog } from '../audit/audit-log.js';
import { ApiTokenService, TokenView } from '../tokens/api-tokens.js';
import { WorkspaceService } from '../workspaces/workspace-service.js';
import { GitCredentials } from '../workspaces/git/git-credentials.js';
import { FormState } from './pages/form-state.js';
import { dashboardPage } from './pages/dashboard-page.js';
import { stringParam } from './request-context.js';

const RECENT_AGENT_CALLS = 20;

export interface DashboardExtras {
    /** Shown once, right after it was created. */
    newToken?: { secret: string; token: TokenView };
    /** A refused form, drawn again with its error and values. */
    form?: FormState;
}

export type DashboardRenderer = (req: Request, res: Response, extras?: DashboardExtras) => Promise<void>;

/** Renders the signed-in user's dashboard (with the response's status: a refused form's is 4xx). */
export function dashboardRenderer(workspaces: WorkspaceService, tokens: ApiTokenService, audit: AuditLog, gitCredentials: GitCredentials): DashboardRenderer {
    return async (req, res, extras = {}) => {
        if (!req.user) {
            res.redirect(303, '/login');
            return;
        }
        const user = req.user;
        const [views, profiles, agentCalls] = await Promise.all([
            Promise.all(workspaces.list(user).map(workspace => workspaces.describe(workspace))),
            workspaces.startableProfiles(user),
            audit.recent({ userId: user.id, limit: RECENT_AGENT_CALLS })
        ]);
        res.type('html').send(dashboardPage({
            user,
            workspaces: views,
            profiles: profiles.map(({ name, description }) => ({ name, description })),
            defaultProfile: workspaces.catalogProfiles().defaultProfile,
            tokens: tokens.list(user),
            agentCalls,
            newToken: extras.newToken,
            gitCredentials: gitCredentials.list(user),
            mcpUrl: `${req.protocol}://${req.get('host')}/mcp`,
            form: extras.form,
            message: { error: stringParam(req.query.error), notice: stringParam(req.query.notice) }
        }));
    };
}
