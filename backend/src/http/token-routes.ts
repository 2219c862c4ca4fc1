import express, { Request, Response } from 'express';
import { AuditLog } from '../audit/audit-log.js';
import { ApiTokenService } from '../tokens/api-tokens.js';
import { WorkspaceService } from '../workspaces/workspace-service.js';
import { DashboardRenderer } from './dashboard.js';
import { fromForm } from './form-errors.js';
import { answerFormOrJson, currentUser, wantsHtml } from './request-context.js';

const AUDIT_PAGE = 200;

/** Personal API tokens for agents, and the audit of what agents did with them. */
export function tokenRoutes(tokens: ApiTokenService, workspaces: WorkspaceService, audit: AuditLog, renderDashboard: DashboardRenderer): express.Router {
    const router = express.Router();

    router.get('/api/tokens', (req, res) => {
        res.json({ tokens: tokens.list(currentUser(req)) });
    });

    router.post('/api/tokens', fromForm('dashboard', 'create-token'), async (req, res) => {
        const user = currentUser(req);
        const created = await tokens.create(user, req.body ?? {}, id => workspaces.list(user).some(workspace => workspace.id === id));
        if (wantsHtml(req)) {
            // The secret is shown once, on the page that answers the form; it is never stored in clear.
            await renderDashboard(req, res, { newToken: created });
        } else {
            res.status(201).json({ ...created.token, secret: created.secret });
        }
    });

    const revoke = async (req: Request, res: Response): Promise<void> => {
        await tokens.revoke(currentUser(req), String(req.params.id));
        answerFormOrJson(req, res, '/', 'Token revoked', { ok: true });
    };
    router.delete('/api/tokens/:id', revoke);
    router.post('/api/tokens/:id/revoke', revoke);

    router.get('/api/audit', async (req, res) => {
        res.json({ entries: await audit.recent({ userId: currentUser(req).id, limit: AUDIT_PAGE }) });
    });

    return router;
}
