import type { Request, Response } from 'express';
import { AuditLog } from '../audit/audit-log.js';
import { ApiTokenService } from '../tokens/api-tokens.js';
import { WorkspaceService } from '../workspaces/workspace-service.js';
import { GitCredentials } from '../workspaces/git/git-credentials.js';
import { dashboardPage } from './pages.js';
import { stringParam } from './request-context.js';

const RECENT_AGENT_CALLS = 20;

/** Renders the signed-in user's dashboard; `newToken` is shown once, right after it was created. */
export function dashboardRenderer(workspaces: WorkspaceService, tokens: ApiTokenService, audit: AuditLog, gitCredentials: GitCredentials) {
    return async (req: Request, res: Response, newToken?: string): Promise<void> => {
        if (!req.user) {
            res.redirect(303, '/login');
            return;
        }
        const user = req.user;
        const views = await Promise.all(workspaces.list(user).map(workspace => workspaces.describe(workspace)));
        res.type('html').send(dashboardPage({
            user,
            workspaces: views,
            profiles: workspaces.profileNames(user),
            tokens: tokens.list(user),
            agentCalls: await audit.recent({ userId: user.id, limit: RECENT_AGENT_CALLS }),
            newToken,
            gitCredentials: gitCredentials.list(user),
            mcpUrl: `${req.protocol}://${req.get('host')}/mcp`,
            message: { error: stringParam(req.query.error), notice: stringParam(req.query.notice) }
        }));
    };
}
