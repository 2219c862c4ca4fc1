import express, { Request, Response } from 'express';
import { isPreviewPort, PREVIEW_PORTS } from '@ide/sandbox-contract';
import { z } from 'zod';
import { SandboxLifecycle } from '../workspaces/sandbox-lifecycle.js';
import { WorkspaceService } from '../workspaces/workspace-service.js';
import { WorkspaceClones } from '../workspaces/git/workspace-clones.js';
import { parseGitSource } from '../workspaces/git/git-source.js';
import { DashboardRenderer } from './dashboard.js';
import { fromForm } from './form-errors.js';
import { answerFormOrJson, currentUser } from './request-context.js';
import { invalid } from '../errors/domain-error.js';

const portSharingSchema = z.strictObject({
    port: z.coerce.number().int().refine(isPreviewPort),
    sharing: z.enum(['private', 'signed-in'])
});

/**
 * The dashboard and the workspace API. Browser forms post to the same routes as API clients;
 * a form gets redirected back to the dashboard (or, when refused, the dashboard again with the
 * error beside the form: fromForm), an API client gets JSON.
 */
export function workspaceRoutes(workspaces: WorkspaceService, lifecycle: SandboxLifecycle, clones: WorkspaceClones, renderDashboard: DashboardRenderer): express.Router {
    const router = express.Router();

    const done = (req: Request, res: Response, json: unknown, notice: string, status = 200): void => answerFormOrJson(req, res, '/', notice, json, status);

    router.get('/', (req, res) => renderDashboard(req, res));

    router.get('/api/me', (req, res) => {
        const user = currentUser(req);
        res.json({ id: user.id, username: user.username, isAdmin: user.isAdmin });
    });

    router.get('/api/workspaces', async (req, res) => {
        const user = currentUser(req);
        res.json({ workspaces: await Promise.all(workspaces.list(user).map(workspace => workspaces.describe(workspace))) });
    });

    router.post('/api/workspaces', fromForm('dashboard', 'create-workspace'), async (req, res) => {
        const user = currentUser(req);
        const source = parseGitSource(req.body?.gitUrl, req.body?.branch);
        if (source) {
            workspaces.checkCreatable(user, req.body?.name, req.body?.profile);
            await clones.check(user, source);
        }
        const workspace = await workspaces.create(user, req.body?.name, req.body?.profile, source);
        done(req, res, await workspaces.describe(workspace), source ? `Created ${workspace.name}: opening it clones the repository` : `Created ${workspace.name}`, 201);
    });

    router.get('/api/workspaces/:id', async (req, res) => {
        res.json(await workspaces.describe(workspaces.get(currentUser(req), req.params.id)));
    });

    router.get('/api/workspaces/:id/status', async (req, res) => {
        res.setHeader('Cache-Control', 'no-store');
        res.json(await lifecycle.status(workspaces.get(currentUser(req), req.params.id)));
    });

    router.post('/api/workspaces/:id/open', async (req, res) => {
        const user = currentUser(req);
        await lifecycle.open(user, req.params.id);
        res.json(await workspaces.describe(workspaces.get(user, req.params.id)));
    });

    router.post('/api/workspaces/:id/stop', async (req, res) => {
        const user = currentUser(req);
        await lifecycle.stop(workspaces.get(user, req.params.id).id, `stopped by ${user.username}`);
        done(req, res, await workspaces.describe(workspaces.get(user, req.params.id)), 'Sandbox stopped');
    });

    // Sharing is set here, on the gateway's origin, never from the IDE's: code in the sandbox can do what the IDE's pages can.
    const sharePort = async (req: Request, res: Response): Promise<void> => {
        const user = currentUser(req);
        const workspace = workspaces.get(user, String(req.params.id));
        const body = portSharingSchema.safeParse({ port: req.params.port ?? req.body?.port, sharing: req.body?.sharing });
        if (!body.success) {
            throw invalid(`send a port (${PREVIEW_PORTS.min}–${PREVIEW_PORTS.max}) and "sharing": "private" or "signed-in"`);
        }
        await workspaces.setPortSharing(user, workspace.id, body.data.port, body.data.sharing);
        done(req, res, body.data, body.data.sharing === 'private' ? `Port ${body.data.port} of ${workspace.name} is private` : `Port ${body.data.port} of ${workspace.name} is shared with signed-in users`);
    };
    router.put('/api/workspaces/:id/ports/:port', sharePort);
    router.post('/api/workspaces/:id/ports', fromForm('dashboard', req => `ports-${req.params.id}`), sharePort);

    const remove = async (req: Request, res: Response): Promise<void> => {
        const deleted = await lifecycle.delete(currentUser(req), String(req.params.id));
        done(req, res, { ok: true }, `Deleted ${deleted.name}`);
    };
    router.delete('/api/workspaces/:id', remove);
    router.post('/api/workspaces/:id/delete', remove);

    return router;
}
