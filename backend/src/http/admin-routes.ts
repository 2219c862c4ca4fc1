import express, { Request, Response } from 'express';
import { parseAuditFilter } from '../audit/audit-filter.js';
import { UserRecord } from '../store/records.js';
import { AdminContext, adminRenderer, auditEntries, profileList, workspaceList } from './admin-renderer.js';
import { fromForm } from './form-errors.js';
import { answerFormOrJson, currentAdmin, wantsHtml } from './request-context.js';

/** The admin page and API: users and quotas, every workspace and sandbox (stop, delete), profiles and their images, the audit log. */
export function adminRoutes(context: AdminContext): express.Router {
    const { users, workspaces, lifecycle } = context;
    const router = express.Router();

    const answer = (req: Request, res: Response, notice: string, body: object, status = 200): void =>
        answerFormOrJson(req, res, '/admin', notice, body, status);

    const renderAdmin = adminRenderer(context);
    router.get('/admin', fromForm('admin', 'audit'), (req, res) => renderAdmin(req, res));

    router.get('/api/admin/users', (req, res) => {
        currentAdmin(req);
        res.json({ users: users.list().map(publicUser) });
    });

    router.post('/api/admin/users', fromForm('admin', 'create-user'), async (req, res) => {
        currentAdmin(req);
        const { username, password, isAdmin } = req.body ?? {};
        const user = await users.create(String(username ?? ''), String(password ?? ''), isAdmin === true || isAdmin === 'true');
        answer(req, res, `Created ${user.username}`, publicUser(user), 201);
    });

    const updateUser = async (req: Request, res: Response): Promise<void> => {
        const changes = wantsHtml(req) ? formChanges(req.body ?? {}) : req.body;
        const user = await users.update(currentAdmin(req), String(req.params.id), changes);
        answer(req, res, `Updated ${user.username}`, publicUser(user));
    };
    router.patch('/api/admin/users/:id', updateUser);
    router.post('/api/admin/users/:id', fromForm('admin', req => `user-${req.params.id}`), updateUser);

    router.get('/api/admin/sandboxes', async (req, res) => {
        currentAdmin(req);
        res.json({ sandboxes: (await workspaceList(context, { withVolumeSizes: false })).views.filter(view => view.state !== 'absent') });
    });

    router.get('/api/admin/workspaces', async (req, res) => {
        currentAdmin(req);
        res.json({ workspaces: (await workspaceList(context, { withVolumeSizes: true })).views.filter(view => view.isWorkspace) });
    });

    // Any user's workspace, stopped or running: an admin acts for its owner.
    const stopWorkspace = async (req: Request, res: Response): Promise<void> => {
        const admin = currentAdmin(req);
        const workspace = workspaces.findAny(String(req.params.id));
        await lifecycle.stop(workspace.id, `stopped by admin ${admin.username}`);
        answer(req, res, `Stopped ${workspace.name}`, { ok: true });
    };
    const workspaceForm = fromForm('admin', req => `workspace-${req.params.id}`);
    router.post('/api/admin/workspaces/:id/stop', workspaceForm, stopWorkspace);
    router.post('/api/admin/sandboxes/:id/stop', workspaceForm, stopWorkspace);

    const deleteWorkspace = async (req: Request, res: Response): Promise<void> => {
        currentAdmin(req);
        const workspace = await lifecycle.deleteWorkspace(workspaces.findAny(String(req.params.id)));
        answer(req, res, `Deleted ${workspace.name} of ${users.find(workspace.ownerId)?.username ?? 'a deleted user'}`, { ok: true });
    };
    router.delete('/api/admin/workspaces/:id', deleteWorkspace);
    router.post('/api/admin/workspaces/:id/delete', workspaceForm, deleteWorkspace);

    router.get('/api/admin/audit', async (req, res) => {
        currentAdmin(req);
        res.json({ entries: await auditEntries(context, parseAuditFilter(req.query)) });
    });

    router.get('/api/admin/profiles', async (req, res) => {
        currentAdmin(req);
        res.json({ profiles: (await profileList(context)).map(({ profile, imagePresent, isDefault }) => ({ ...profile, imagePresent, isDefault })) });
    });

    const replaceProfiles = async (req: Request, res: Response): Promise<void> => {
        currentAdmin(req);
        const catalog = await context.profileEditor.replace(req.body?.yaml);
        context.pool.refillAll();
        answer(req, res, 'Profiles saved', { profiles: [...catalog.profiles.keys()], defaultProfile: catalog.defaultProfile });
    };
    router.put('/api/admin/profiles', replaceProfiles);
    router.post('/api/admin/profiles', fromForm('admin', 'profiles-file'), replaceProfiles);

    return router;
}

/** An HTML form sends strings; empty fields mean "leave as is". */
function formChanges(form: Record<string, string>): Record<string, unknown> {
    const changes: Record<string, unknown> = {};
    for (const flag of ['disabled', 'isAdmin']) {
        if (form[flag] === 'true' || form[flag] === 'false') {
            changes[flag] = form[flag] === 'true';
        }
    }
    if (form.password) {
        changes.password = form.password;
    }
    const quota: Record<string, number> = {};
    for (const limit of ['maxWorkspaces', 'maxRunningSandboxes']) {
        if (form[limit] !== undefined && form[limit] !== '') {
            quota[limit] = Number(form[limit]);
        }
    }
    if (Object.keys(quota).length) {
        changes.quota = quota;
    }
    if (form.groups !== undefined) {
        changes.groups = form.groups.split(',').map(group => group.trim()).filter(Boolean);
    }
    return changes;
}

function publicUser({ id, username, isAdmin, disabled, createdAt, quota, groups, oidc, lastSignInAt }: UserRecord): object {
    return { id, username, isAdmin, disabled, createdAt, quota: quota ?? {}, groups: groups ?? [],
        origin: oidc ? { kind: 'oidc', issuer: oidc.issuer, subject: oidc.subject } : { kind: 'local' }, lastSignInAt: lastSignInAt ?? null };
}
