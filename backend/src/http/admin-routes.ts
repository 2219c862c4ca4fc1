import express, { Request, Response } from 'express';
import { TaskRecords } from '../audit/task-records.js';
import { ProfileEditor } from '../config/profile-editor.js';
import { UserService } from '../auth/users.js';
import { ExtensionStore } from '../extensions-registry/extension-store.js';
import { LlmProxy } from '../llm/llm-proxy.js';
import { UsageLedger } from '../llm/usage-ledger.js';
import { SandboxProvider } from '../sandbox/sandbox-provider.js';
import { UserRecord } from '../store/records.js';
import { Store } from '../store/store.js';
import { SandboxLifecycle } from '../workspaces/sandbox-lifecycle.js';
import { WarmPool } from '../workspaces/warm-pool.js';
import { WorkspaceLimits, WorkspaceService } from '../workspaces/workspace-service.js';
import { adminPage, AdminProfileView, AdminSandboxView } from './admin-page.js';
import { notFound } from './http-error.js';
import { answerFormOrJson, currentAdmin, stringParam, wantsHtml } from './request-context.js';

export interface AdminContext {
    users: UserService;
    store: Store;
    sandboxes: SandboxProvider;
    workspaces: WorkspaceService;
    lifecycle: SandboxLifecycle;
    ledger: UsageLedger;
    llm: LlmProxy;
    taskRecords: TaskRecords;
    limits: WorkspaceLimits;
    pool: WarmPool;
    profileEditor: ProfileEditor;
    workspaceOrigins: { mode: 'subdomain' | 'path'; domain: string };
    extensions: ExtensionStore;
}

const MIB = 1024 * 1024;

/** The admin page and API: users and quotas, sandboxes with their CPU and memory, profiles and their images. */
export function adminRoutes(context: AdminContext): express.Router {
    const { users, store, lifecycle } = context;
    const router = express.Router();

    const answer = (req: Request, res: Response, notice: string, body: object, status = 200): void =>
        answerFormOrJson(req, res, '/admin', notice, body, status);

    router.get('/admin', async (req, res) => {
        const admin = currentAdmin(req);
        const [sandboxViews, profiles, tasks] = await Promise.all([sandboxList(context), profileList(context), context.taskRecords.recent({ limit: 20 })]);
        res.type('html').send(adminPage({
            admin,
            users: users.list(),
            defaults: { maxWorkspaces: context.limits.maxWorkspacesPerUser, maxRunningSandboxes: context.limits.maxRunningSandboxesPerUser },
            sandboxes: sandboxViews,
            profiles,
            llmUsage: context.ledger.allUsersThisMonth(),
            llmConfigured: context.llm.configured,
            tasks,
            profilesText: await context.profileEditor.text().catch(() => ''),
            extensions: context.extensions.list(),
            maxExtensionBytes: context.extensions.limits.maxBytes,
            workspaceOrigins: context.workspaceOrigins,
            message: { error: stringParam(req.query.error), notice: stringParam(req.query.notice) }
        }));
    });

    router.get('/api/admin/users', (req, res) => {
        currentAdmin(req);
        res.json({ users: users.list().map(publicUser) });
    });

    router.post('/api/admin/users', async (req, res) => {
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
    router.post('/api/admin/users/:id', updateUser);

    router.get('/api/admin/sandboxes', async (req, res) => {
        currentAdmin(req);
        res.json({ sandboxes: await sandboxList(context) });
    });

    router.post('/api/admin/sandboxes/:id/stop', async (req, res) => {
        const admin = currentAdmin(req);
        const workspaceId = String(req.params.id);
        if (!store.data.workspaces.some(workspace => workspace.id === workspaceId)) {
            throw notFound('sandbox');
        }
        await lifecycle.stop(workspaceId, `stopped by admin ${admin.username}`);
        answer(req, res, `Stopped ${workspaceId}`, { ok: true });
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
    router.post('/api/admin/profiles', replaceProfiles);

    return router;
}

async function sandboxList({ sandboxes, store, users, pool }: AdminContext): Promise<AdminSandboxView[]> {
    const listed = await sandboxes.list().catch(() => []);
    return Promise.all(listed.map(async sandbox => {
        const workspace = store.data.workspaces.find(candidate => candidate.id === sandbox.workspaceId);
        const usage = sandbox.state === 'running' ? await sandboxes.usage?.(sandbox.workspaceId).catch(() => undefined) : undefined;
        return {
            workspaceId: sandbox.workspaceId,
            workspaceName: workspace?.name ?? (pool.has(sandbox.workspaceId) ? '(warm pool)' : '(deleted)'),
            owner: users.find(workspace?.ownerId ?? sandbox.ownerId)?.username ?? '',
            profile: workspace?.profile ?? '',
            state: sandbox.state,
            cpuPercent: usage && usage.cpuShare * 100,
            memoryMiB: usage && usage.memoryBytes / MIB,
            memoryLimitMiB: usage && usage.memoryLimitBytes / MIB,
            pids: usage?.pids
        };
    }));
}

async function profileList({ sandboxes, workspaces }: AdminContext): Promise<AdminProfileView[]> {
    const catalog = workspaces.catalogProfiles();
    return Promise.all(catalog.profiles.map(async profile => ({
        profile,
        imagePresent: await sandboxes.hasImage?.(profile.image).catch(() => undefined),
        isDefault: profile.name === catalog.defaultProfile
    })));
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

function publicUser({ id, username, isAdmin, disabled, createdAt, quota, groups }: UserRecord): object {
    return { id, username, isAdmin, disabled, createdAt, quota: quota ?? {}, groups: groups ?? [] };
}
