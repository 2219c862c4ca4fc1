import { ProfileCatalog, SandboxProfile } from '../config/profiles.js';
import { conflict, invalid, notFound } from '../errors/domain-error.js';
import { isPreviewPort, PortSharing, PREVIEW_PORTS } from '@ide/sandbox-contract';
import { ImagePresence } from '../sandbox/image-presence.js';
import { SandboxStatus } from '../sandbox/sandbox-provider.js';
import { countOf } from '../text/plural.js';
import { DevcontainerRecord, UserRecord, WorkspaceRecord } from '../store/records.js';
import { devcontainerRecord } from './devcontainer/devcontainer-record.js';
import type { GitSource } from './git/git-source.js';
import { Store } from '../store/store.js';
import { SandboxBuilder } from './sandbox-builder.js';
import { WarmPool } from './warm-pool.js';
import { isWorkspaceId, newWorkspaceId, workspaceNameProblem } from './workspace-names.js';

/** Server-wide defaults; an admin can set others per user (UserRecord.quota). */
export interface WorkspaceLimits {
    maxWorkspacesPerUser: number;
    maxRunningSandboxesPerUser: number;
}

export const DEFAULT_LIMITS: WorkspaceLimits = { maxWorkspacesPerUser: 20, maxRunningSandboxesPerUser: 3 };

export interface WorkspaceView {
    id: string;
    name: string;
    profile: string;
    createdAt: string;
    lastOpenedAt?: string;
    url: string;
    sandbox: SandboxStatus;
    /** Ports whose preview every signed-in user may open. */
    sharedPorts: number[];
    /** The repository it starts from, if any. */
    source?: { gitUrl: string; branch?: string; cloned: boolean };
    /** What its devcontainer.json asked for and what of it was applied. */
    devcontainer?: DevcontainerRecord;
}

/**
 * Workspaces of a user: every method takes the acting user and sees only what that user owns.
 * Starting, stopping and deleting their sandboxes is SandboxLifecycle's.
 */
export class WorkspaceService {
    private readonly images: ImagePresence;

    constructor(
        private readonly store: Store,
        private readonly builder: SandboxBuilder,
        private readonly catalog: ProfileCatalog,
        private readonly limits: WorkspaceLimits = DEFAULT_LIMITS,
        private readonly pool?: WarmPool,
        /** Whether the gateway's extension registry holds an extension (a devcontainer.json may name it). */
        private readonly inRegistry: (extensionId: string) => boolean = () => false
    ) {
        this.images = new ImagePresence(builder.sandboxes);
    }

    /** The workspace if `user` owns it. Another user's workspace is reported as not found, not forbidden, so ids do not leak. */
    get(user: UserRecord, workspaceId: string): WorkspaceRecord {
        const workspace = this.findAny(workspaceId);
        if (workspace.ownerId !== user.id) {
            throw notFound('workspace');
        }
        return workspace;
    }

    /**
     * The workspace whose port `port` `user` may preview: its owner always, any signed-in user when the
     * owner shares that port. Anyone else is told "not found", as for the workspace itself.
     */
    getForPort(user: UserRecord, workspaceId: string, port: number): WorkspaceRecord {
        const workspace = isWorkspaceId(workspaceId) ? this.store.data.workspaces.find(candidate => candidate.id === workspaceId) : undefined;
        if (!workspace || (workspace.ownerId !== user.id && !workspace.sharedPorts?.includes(port))) {
            throw notFound('workspace');
        }
        return workspace;
    }

    async setPortSharing(user: UserRecord, workspaceId: string, port: number, sharing: PortSharing): Promise<void> {
        const workspace = this.get(user, workspaceId);
        if (!isPreviewPort(port)) {
            throw invalid(`a port to share is a number from ${PREVIEW_PORTS.min} to ${PREVIEW_PORTS.max}`);
        }
        await this.store.update(data => {
            const record = data.workspaces.find(candidate => candidate.id === workspace.id);
            if (record) {
                const others = (record.sharedPorts ?? []).filter(shared => shared !== port);
                record.sharedPorts = sharing === 'signed-in' ? [...others, port].slice(-100) : others;
            }
        });
    }

    /** By id or by the user's own name for it (agents are configured with names): not found otherwise. */
    resolve(user: UserRecord, idOrName: string): WorkspaceRecord {
        const byName = this.store.data.workspaces.find(candidate => candidate.ownerId === user.id && candidate.name === idOrName);
        return byName ?? this.get(user, idOrName);
    }

    list(user: UserRecord): WorkspaceRecord[] {
        return this.store.data.workspaces.filter(workspace => workspace.ownerId === user.id);
    }

    /** Every user's workspaces, for admins. */
    listAll(): WorkspaceRecord[] {
        return [...this.store.data.workspaces];
    }

    /** Any user's workspace, for admins: not found otherwise. */
    findAny(workspaceId: string): WorkspaceRecord {
        const workspace = isWorkspaceId(workspaceId) ? this.store.data.workspaces.find(candidate => candidate.id === workspaceId) : undefined;
        if (!workspace) {
            throw notFound('workspace');
        }
        return workspace;
    }

    async describe(workspace: WorkspaceRecord): Promise<WorkspaceView> {
        return {
            id: workspace.id,
            name: workspace.name,
            profile: workspace.profile,
            createdAt: workspace.createdAt,
            lastOpenedAt: workspace.lastOpenedAt,
            url: `/w/${workspace.id}/`,
            sandbox: await this.status(workspace.id),
            sharedPorts: [...workspace.sharedPorts ?? []].sort((a, b) => a - b),
            ...(workspace.source ? { source: { gitUrl: workspace.source.gitUrl, branch: workspace.source.branch, cloned: Boolean(workspace.source.clonedAt) } } : {}),
            ...(workspace.devcontainer ? { devcontainer: workspace.devcontainer } : {})
        };
    }

    /** The sandbox's state, "starting" until its IDE answers. */
    async status(workspaceId: string): Promise<SandboxStatus> {
        const status = await this.builder.sandboxes.status(workspaceId);
        return this.builder.isStarting(workspaceId) ? { ...status, state: 'starting' } : status;
    }

    /** Throws what `create` would for this name and profile (bad name, no such profile, a duplicate, the quota), before slower checks. */
    checkCreatable(user: UserRecord, name: unknown, profileName?: unknown): SandboxProfile {
        const problem = workspaceNameProblem(name);
        if (problem) {
            throw invalid(problem);
        }
        const profile = this.profile(profileName === undefined || profileName === '' ? this.catalog.defaultProfile : profileName, user);
        const own = this.store.data.workspaces.filter(workspace => workspace.ownerId === user.id);
        if (own.some(workspace => workspace.name === name)) {
            throw conflict(`you already have a workspace named "${name}"`);
        }
        const limit = user.quota?.maxWorkspaces ?? this.limits.maxWorkspacesPerUser;
        if (own.length >= limit) {
            throw conflict(`you have reached your limit of ${countOf(limit, 'workspace')}: delete one you no longer need, or ask an admin to raise your limit`);
        }
        return profile;
    }

    /** A new workspace; with `source`, its files come from that repository on its first start (its URL was checked by the caller). */
    async create(user: UserRecord, name: unknown, profileName?: unknown, source?: GitSource): Promise<WorkspaceRecord> {
        const profile = this.checkCreatable(user, name, profileName);
        if (await this.imagePresent(profile.image) === false) {
            throw conflict(`profile "${profile.name}" cannot be started now: its image is missing on the sandbox engine. Pick another profile, or ask an admin to build the image`);
        }
        const created = await this.store.update(data => {
            // Checked again inside the update: two creates at once must not both pass.
            this.checkCreatable(user, name, profileName);
            // A warm sandbox of this profile becomes this workspace: opening it waits for no container. Not one to be cloned into: its volume exists.
            const warm = source ? undefined : this.pool?.take(profile.name);
            const workspace: WorkspaceRecord = {
                id: warm?.id ?? newWorkspaceId(),
                ownerId: user.id,
                name: name as string,
                profile: profile.name,
                createdAt: new Date().toISOString(),
                ...(source ? { source: { gitUrl: source.url.href, ...(source.branch ? { branch: source.branch } : {}) } } : {})
            };
            data.workspaces.push(workspace);
            return workspace;
        });
        return created;
    }

    /** Refuses to start one more sandbox of `user` past their limit of running ones. */
    async checkRunningQuota(user: UserRecord, workspace: WorkspaceRecord): Promise<void> {
        const limit = user.quota?.maxRunningSandboxes ?? this.limits.maxRunningSandboxesPerUser;
        const own = new Set(this.list(user).map(candidate => candidate.id));
        const live = (await this.builder.sandboxes.list()).filter(sandbox => own.has(sandbox.workspaceId) && sandbox.state !== 'stopped');
        if (!live.some(sandbox => sandbox.workspaceId === workspace.id) && live.length >= limit) {
            const names = live.map(sandbox => this.store.data.workspaces.find(candidate => candidate.id === sandbox.workspaceId)?.name ?? sandbox.workspaceId);
            throw conflict(`you have ${countOf(live.length, 'sandbox', 'sandboxes')} running (${names.join(', ')}), your limit is ${limit}: stop one first (Stop on the dashboard), or ask an admin to raise your limit`);
        }
    }

    async markCloned(workspaceId: string): Promise<void> {
        await this.store.update(data => {
            const source = data.workspaces.find(candidate => candidate.id === workspaceId)?.source;
            if (source) {
                source.clonedAt = new Date().toISOString();
            }
        });
    }

    async markOpened(workspaceId: string): Promise<void> {
        await this.store.update(data => {
            const record = data.workspaces.find(candidate => candidate.id === workspaceId);
            if (record) {
                record.lastOpenedAt = new Date().toISOString();
            }
        });
    }

    /** Forgets the workspace's record (its sandbox and files are removed by SandboxLifecycle first). */
    async forget(workspaceId: string): Promise<void> {
        await this.store.update(data => {
            data.workspaces = data.workspaces.filter(candidate => candidate.id !== workspaceId);
        });
    }

    /** The profiles this user may pick when creating a workspace. */
    profileNames(user: UserRecord): string[] {
        return [...this.catalog.profiles.values()].filter(profile => mayUse(user, profile)).map(profile => profile.name);
    }

    /** The profiles this user may pick and the engine can start now (their image is not missing): the create form's. */
    async startableProfiles(user: UserRecord): Promise<SandboxProfile[]> {
        const allowed = [...this.catalog.profiles.values()].filter(profile => mayUse(user, profile));
        const present = await Promise.all(allowed.map(profile => this.imagePresent(profile.image)));
        return allowed.filter((_profile, index) => present[index] !== false);
    }

    /** Whether the engine has an image (undefined: it cannot tell); asked at most every few seconds. */
    imagePresent(image: string): Promise<boolean | undefined> {
        return this.images.has(image);
    }

    /** All profiles, for admins. */
    catalogProfiles(): { defaultProfile: string; profiles: SandboxProfile[] } {
        return { defaultProfile: this.catalog.defaultProfile, profiles: [...this.catalog.profiles.values()] };
    }

    /** The profile the workspace's sandbox is made with: its own, with its devcontainer.json's environment under the profile's. */
    profileOf(workspace: WorkspaceRecord): SandboxProfile {
        const profile = this.profile(workspace.profile);
        const devcontainer = workspace.devcontainer;
        if (!devcontainer) {
            return profile;
        }
        // Its extensions come from the registry like pinned ones, where the profile lets users add extensions.
        const extensions = profile.allowUserExtensions ? devcontainer.extensions.filter(id => !profile.pinnedExtensions.some(pin => pin.split('@')[0] === id)) : [];
        return { ...profile, env: { ...devcontainer.containerEnv, ...profile.env }, pinnedExtensions: [...profile.pinnedExtensions, ...extensions] };
    }

    /**
     * Applies a freshly cloned repository's devcontainer.json (its text, if it has one) to the
     * workspace: its image picks the owner's profile with that image, if there is one; its env,
     * forwarded ports, extensions and post-create command are kept; everything else is named as
     * not supported. Returns the profile to make the sandbox with.
     */
    async applyDevcontainer(workspaceId: string, text: string | undefined): Promise<SandboxProfile> {
        const workspace = this.findById(workspaceId);
        if (!workspace) {
            throw notFound('workspace');
        }
        if (text === undefined) {
            return this.profileOf(workspace);
        }
        const owner = this.store.data.users.find(user => user.id === workspace.ownerId);
        const { profile, record } = devcontainerRecord(text, this.profile(workspace.profile), [...this.catalog.profiles.values()].filter(candidate => owner && mayUse(owner, candidate)), this.inRegistry);
        const updated = await this.store.update(data => {
            const stored = data.workspaces.find(candidate => candidate.id === workspaceId);
            if (stored) {
                stored.profile = profile.name;
                stored.devcontainer = record;
            }
            return stored;
        });
        return this.profileOf(updated ?? workspace);
    }

    /** The record, for the gateway's own jobs (no user's view: callers checked access). */
    findById(workspaceId: string): WorkspaceRecord | undefined {
        return this.store.data.workspaces.find(candidate => candidate.id === workspaceId);
    }

    async recordPostCreate(workspaceId: string, postCreate: NonNullable<DevcontainerRecord['postCreate']>): Promise<void> {
        await this.store.update(data => {
            const devcontainer = data.workspaces.find(candidate => candidate.id === workspaceId)?.devcontainer;
            if (devcontainer) {
                devcontainer.postCreate = postCreate;
            }
        });
    }

    private profile(name: unknown, user?: UserRecord): SandboxProfile {
        const profile = typeof name === 'string' ? this.catalog.profiles.get(name) : undefined;
        if (!profile || (user && !mayUse(user, profile))) {
            const available = user ? this.profileNames(user) : [...this.catalog.profiles.keys()];
            throw invalid(`unknown profile ${JSON.stringify(name)}; available: ${available.join(', ')}`);
        }
        return profile;
    }
}

function mayUse(user: UserRecord, profile: SandboxProfile): boolean {
    if (!profile.allowedUsers && !profile.allowedGroups) {
        return true;
    }
    return Boolean(profile.allowedUsers?.includes(user.username) || profile.allowedGroups?.some(group => user.groups?.includes(group)));
}
