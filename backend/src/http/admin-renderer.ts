import type { Request, Response } from 'express';
import { AuditFilter, matchesAuditFilter, NO_AUDIT_FILTER, parseAuditFilter } from '../audit/audit-filter.js';
import { AuditLog, ToolCallAudit } from '../audit/audit-log.js';
import { TaskRecords } from '../audit/task-records.js';
import { ProfileEditor } from '../config/profile-editor.js';
import { UserService } from '../auth/users.js';
import { LlmProxy } from '../llm/llm-proxy.js';
import { UsageLedger } from '../llm/usage-ledger.js';
import { ExtensionStore } from '../extensions-registry/extension-store.js';
import { SandboxProvider } from '../sandbox/sandbox-provider.js';
import { Store } from '../store/store.js';
import { SandboxLifecycle } from '../workspaces/sandbox-lifecycle.js';
import { WarmPool } from '../workspaces/warm-pool.js';
import { WorkspaceLimits, WorkspaceService } from '../workspaces/workspace-service.js';
import { PageRenderer } from './form-errors.js';
import { adminPage, AdminProfileView, AdminWorkspaceView } from './pages/admin-page.js';
import { currentAdmin, stringParam } from './request-context.js';

export interface AdminContext {
    users: UserService;
    store: Store;
    sandboxes: SandboxProvider;
    workspaces: WorkspaceService;
    lifecycle: SandboxLifecycle;
    audit: AuditLog;
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
/** The admin page does not wait longer than this for volume sizes; it leaves them out instead. */
const VOLUME_SIZES_WAIT_MS = 3_000;

/** /admin, with the audit filters of its query string; a refused form's error and values when given. */
export function adminRenderer(context: AdminContext): PageRenderer {
    return async (req: Request, res: Response, form) => {
        const admin = currentAdmin(req);
        // Drawn again for a refused form, the page shows the log unfiltered (a refused filter among them).
        const filter = form ? NO_AUDIT_FILTER : parseAuditFilter(req.query);
        const [workspaces, profiles, tasks, entries, profilesText] = await Promise.all([
            workspaceList(context, { withVolumeSizes: true }),
            profileList(context),
            context.taskRecords.recent({ limit: 20 }),
            auditEntries(context, filter),
            context.profileEditor.text().catch(() => '')
        ]);
        res.type('html').send(adminPage({
            admin,
            users: context.users.list(),
            defaults: { maxWorkspaces: context.limits.maxWorkspacesPerUser, maxRunningSandboxes: context.limits.maxRunningSandboxesPerUser },
            workspaces: workspaces.views,
            volumeSizesKnown: workspaces.volumeSizesKnown,
            profiles,
            audit: { entries, filter, workspaceName: id => workspaceName(context, id) },
            llmUsage: context.ledger.allUsersThisMonth(),
            llmConfigured: context.llm.configured,
            tasks,
            profilesText,
            extensions: context.extensions.list(),
            maxExtensionBytes: context.extensions.limits.maxBytes,
            workspaceOrigins: context.workspaceOrigins,
            message: { error: stringParam(req.query.error), notice: stringParam(req.query.notice) },
            form
        }));
    };
}

const workspaceName = ({ store }: AdminContext, id: string): string | undefined => store.data.workspaces.find(workspace => workspace.id === id)?.name;

/** The newest agent tool calls that `filter` lets through. */
export function auditEntries(context: AdminContext, filter: AuditFilter): Promise<ToolCallAudit[]> {
    return context.audit.recent({ limit: filter.limit, where: matchesAuditFilter(filter, id => workspaceName(context, id)) });
}

/** Every user's workspace with its sandbox's state and use, then the sandboxes that belong to no workspace. */
export async function workspaceList(context: AdminContext, options: { withVolumeSizes: boolean }): Promise<{ views: AdminWorkspaceView[]; volumeSizesKnown: boolean }> {
    const { sandboxes, workspaces, users, lifecycle, pool } = context;
    const listed = await sandboxes.list().catch(() => []);
    // Every sandbox listed has a volume: the sizes must name them all (a cached answer older than a new workspace does not).
    const sizes = options.withVolumeSizes ? await volumeSizes(sandboxes, listed.map(sandbox => sandbox.workspaceId)) : undefined;
    const byId = new Map(listed.map(sandbox => [sandbox.workspaceId, sandbox]));
    const usageOf = async (workspaceId: string, state: string): Promise<Partial<AdminWorkspaceView>> => {
        const usage = state === 'running' ? await sandboxes.usage?.(workspaceId).catch(() => undefined) : undefined;
        return usage ? { cpuPercent: usage.cpuShare * 100, memoryMiB: usage.memoryBytes / MIB, memoryLimitMiB: usage.memoryLimitBytes / MIB, pids: usage.pids } : {};
    };
    const own = await Promise.all(workspaces.listAll().map(async workspace => {
        const state = byId.get(workspace.id)?.state ?? 'absent';
        const activeAt = lifecycle.lastActiveAt(workspace.id);
        const lastActivityAt = [workspace.lastOpenedAt, activeAt === undefined ? undefined : new Date(activeAt).toISOString()].filter(Boolean).sort().at(-1);
        return {
            workspaceId: workspace.id,
            workspaceName: workspace.name,
            isWorkspace: true,
            owner: users.find(workspace.ownerId)?.username ?? '',
            profile: workspace.profile,
            state,
            lastActivityAt,
            volumeBytes: sizes?.get(workspace.id),
            ...await usageOf(workspace.id, state)
        };
    }));
    const known = new Set(own.map(view => view.workspaceId));
    const others = await Promise.all(listed.filter(sandbox => !known.has(sandbox.workspaceId)).map(async sandbox => ({
        workspaceId: sandbox.workspaceId,
        workspaceName: pool.has(sandbox.workspaceId) ? '(warm pool)' : '(deleted)',
        isWorkspace: false,
        owner: users.find(sandbox.ownerId)?.username ?? '',
        profile: '',
        state: sandbox.state,
        ...await usageOf(sandbox.workspaceId, sandbox.state)
    })));
    return { views: [...own, ...others], volumeSizesKnown: sizes !== undefined };
}

async function volumeSizes(sandboxes: SandboxProvider, expected: readonly string[]): Promise<Map<string, number> | undefined> {
    if (!sandboxes.volumeSizes) {
        return undefined;
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>(resolve => { timer = setTimeout(resolve, VOLUME_SIZES_WAIT_MS, undefined); });
    try {
        return await Promise.race([sandboxes.volumeSizes(expected).catch(() => undefined), late]);
    } finally {
        clearTimeout(timer);
    }
}

export async function profileList({ workspaces }: AdminContext): Promise<AdminProfileView[]> {
    const catalog = workspaces.catalogProfiles();
    return Promise.all(catalog.profiles.map(async profile => ({
        profile,
        imagePresent: await workspaces.imagePresent(profile.image),
        isDefault: profile.name === catalog.defaultProfile
    })));
}
