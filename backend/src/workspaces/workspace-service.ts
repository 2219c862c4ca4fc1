import { randomBytes } from 'node:crypto';
import { ProfileCatalog, SandboxProfile } from '../config/profiles.js';
import { badRequest, HttpError, notFound } from '../http/http-error.js';
import { SandboxEndpoint, SandboxProvider, SandboxStatus } from '../sandbox/sandbox-provider.js';
import { UserRecord, WorkspaceRecord } from '../store/records.js';
import { Store } from '../store/store.js';
import { isWorkspaceId, workspaceNameProblem } from './workspace-names.js';

export const MAX_WORKSPACES_PER_USER = 20;

export interface WorkspaceView {
    id: string;
    name: string;
    profile: string;
    createdAt: string;
    lastOpenedAt?: string;
    url: string;
    sandbox: SandboxStatus;
}

/** Workspaces of a user: every method takes the acting user and sees only what that user owns. */
export class WorkspaceService {
    constructor(private readonly store: Store, private readonly sandboxes: SandboxProvider, private readonly catalog: ProfileCatalog) { }

    /** The workspace if `user` owns it. Another user's workspace is reported as not found, not forbidden, so ids do not leak. */
    get(user: UserRecord, workspaceId: string): WorkspaceRecord {
        const workspace = isWorkspaceId(workspaceId) ? this.store.data.workspaces.find(candidate => candidate.id === workspaceId) : undefined;
        if (!workspace || workspace.ownerId !== user.id) {
            throw notFound('workspace');
        }
        return workspace;
    }

    /** By id or by the user's own name for it (agents are configured with names): not found otherwise. */
    resolve(user: UserRecord, idOrName: string): WorkspaceRecord {
        const byName = this.store.data.workspaces.find(candidate => candidate.ownerId === user.id && candidate.name === idOrName);
        return byName ?? this.get(user, idOrName);
    }

    list(user: UserRecord): WorkspaceRecord[] {
        return this.store.data.workspaces.filter(workspace => workspace.ownerId === user.id);
    }

    async describe(workspace: WorkspaceRecord): Promise<WorkspaceView> {
        return {
            id: workspace.id,
            name: workspace.name,
            profile: workspace.profile,
            createdAt: workspace.createdAt,
            lastOpenedAt: workspace.lastOpenedAt,
            url: `/w/${workspace.id}/`,
            sandbox: await this.sandboxes.status(workspace.id)
        };
    }

    async create(user: UserRecord, name: unknown, profileName?: unknown): Promise<WorkspaceRecord> {
        const problem = workspaceNameProblem(name);
        if (problem) {
            throw badRequest(problem);
        }
        const profile = this.profile(profileName === undefined || profileName === '' ? this.catalog.defaultProfile : profileName);
        return this.store.update(data => {
            const own = data.workspaces.filter(workspace => workspace.ownerId === user.id);
            if (own.some(workspace => workspace.name === name)) {
                throw new HttpError(409, `you already have a workspace named "${name}"`);
            }
            if (own.length >= MAX_WORKSPACES_PER_USER) {
                throw new HttpError(409, `you have reached the limit of ${MAX_WORKSPACES_PER_USER} workspaces; delete one first`);
            }
            const workspace: WorkspaceRecord = {
                id: newWorkspaceId(),
                ownerId: user.id,
                name: name as string,
                profile: profile.name,
                sandboxSecret: randomBytes(32).toString('base64url'),
                createdAt: new Date().toISOString()
            };
            data.workspaces.push(workspace);
            return workspace;
        });
    }

    /** Starts (or reuses) the sandbox and returns where its IDE listens. */
    async open(user: UserRecord, workspaceId: string): Promise<SandboxEndpoint> {
        const workspace = this.get(user, workspaceId);
        const endpoint = await this.sandboxes.ensureRunning(workspace, this.profile(workspace.profile));
        await this.store.update(data => {
            const record = data.workspaces.find(candidate => candidate.id === workspace.id);
            if (record) {
                record.lastOpenedAt = new Date().toISOString();
            }
        });
        return endpoint;
    }

    async stop(user: UserRecord, workspaceId: string): Promise<void> {
        await this.sandboxes.stop(this.get(user, workspaceId).id);
    }

    /** Deletes the workspace, its sandbox and its files. */
    async delete(user: UserRecord, workspaceId: string): Promise<void> {
        const workspace = this.get(user, workspaceId);
        await this.sandboxes.remove(workspace.id, { withData: true });
        await this.store.update(data => {
            data.workspaces = data.workspaces.filter(candidate => candidate.id !== workspace.id);
        });
    }

    profileNames(): string[] {
        return [...this.catalog.profiles.keys()];
    }

    private profile(name: unknown): SandboxProfile {
        const profile = typeof name === 'string' ? this.catalog.profiles.get(name) : undefined;
        if (!profile) {
            throw badRequest(`unknown profile ${JSON.stringify(name)}; available: ${this.profileNames().join(', ')}`);
        }
        return profile;
    }
}

function newWorkspaceId(): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    return Array.from(randomBytes(12), byte => alphabet[byte % alphabet.length]).join('');
}
