import { setTimeout as sleep } from 'node:timers/promises';
import { SandboxStatusReport } from '@ide/sandbox-contract';
import { LiveConnections } from '../auth/live-connections.js';
import { DomainError } from '../errors/domain-error.js';
import { HttpError } from '../http/http-error.js';
import { SandboxEngineUnavailable, SandboxStartError } from '../sandbox/sandbox-provider.js';
import { Logger } from '../log.js';
import { SandboxLink } from '../sandbox-link/sandbox-link.js';
import { ApiTokenService } from '../tokens/api-tokens.js';
import { UserRecord, WorkspaceRecord } from '../store/records.js';
import { SandboxBuilder } from './sandbox-builder.js';
import { WorkspaceClones } from './git/workspace-clones.js';
import { PostCreateCommands } from './devcontainer/post-create-command.js';
import { WorkspaceService } from './workspace-service.js';

/** How long before an idle stop the IDE warns its user. */
export const IDLE_WARNING_MS = 2 * 60_000;
const ATTACH_POLL_MS = 25;

/** Browser traffic for a sandbox that is not running: it is not started by it (only an explicit open is). */
export class SandboxStopped extends Error {
    constructor(readonly because: string | undefined) {
        super(`this workspace's sandbox is stopped${because ? ` (${because})` : ''}: start it again from its page or the dashboard`);
    }
}

export interface SandboxLifecycleOptions {
    workspaces: WorkspaceService;
    builder: SandboxBuilder;
    connections: LiveConnections;
    tokens: ApiTokenService;
    clones: WorkspaceClones;
    postCreate: PostCreateCommands;
    log: Logger;
}

/**
 * The one place a workspace's sandbox is opened, stopped or deleted, whoever asks (the owner's
 * browser or agent, an admin, the idle reaper): each transition also ends what depended on it.
 * Only an explicit open (the dashboard, the sandbox's own Start, an agent's call) starts a
 * sandbox: an open tab reconnecting to a stopped one is told so, not obeyed. It remembers the link
 * of each ready sandbox, so traffic does not ask the engine per request, when each was last used
 * (requests, agent calls, the user's input in an IDE tab) and why each was last stopped.
 */
export class SandboxLifecycle {
    private readonly ready = new Map<string, SandboxLink>();
    private readonly lastActivity = new Map<string, number>();
    private readonly openSockets = new Map<string, number>();
    private readonly stoppedBecause = new Map<string, string>();
    /** Why the latest open failed before or while starting (a quota, a missing image…), for the workspace's page. */
    private readonly openErrors = new Map<string, string>();
    /** Opens under way, from their first step (the quota check comes before the builder's start). */
    private readonly opening = new Set<string>();
    private readonly postCreating = new Set<string>();

    constructor(private readonly options: SandboxLifecycleOptions) { }

    isReady(workspaceId: string): boolean {
        return this.ready.has(workspaceId);
    }

    /**
     * Whether the sandbox answers now, or within `withinMs` when the open under way only attaches to a
     * container that already runs (a warm-pool sandbox): the IDE's page waits that long rather than show
     * the start's progress for a moment. A start that makes anything (a container, a clone) is not waited for.
     */
    async readySoon(workspaceId: string, withinMs: number): Promise<boolean> {
        const deadline = Date.now() + withinMs;
        while (!this.isReady(workspaceId)) {
            if (!this.opening.has(workspaceId) || this.options.builder.isMaking(workspaceId) || Date.now() >= deadline) {
                return false;
            }
            await sleep(ATTACH_POLL_MS);
        }
        return true;
    }

    /** Starts the owner's sandbox if needed (within their quota) and resolves once its IDE answers. */
    async open(user: UserRecord, workspaceId: string): Promise<SandboxLink> {
        const workspace = this.options.workspaces.get(user, workspaceId);
        this.openErrors.delete(workspace.id);
        this.opening.add(workspace.id);
        try {
            await this.options.workspaces.checkRunningQuota(user, workspace);
            this.stoppedBecause.delete(workspace.id);
            this.recordActivity(workspace.id);
            const seeding = workspace.source && !workspace.source.clonedAt
                ? this.options.clones.seeding(workspace, text => this.options.workspaces.applyDevcontainer(workspace.id, text), () => this.options.workspaces.markCloned(workspace.id))
                : undefined;
            const link = await this.options.builder.start(workspace.id, workspace.ownerId, this.options.workspaces.profileOf(workspace), seeding);
            this.ready.set(workspace.id, link);
            await this.options.workspaces.markOpened(workspace.id);
            this.runPostCreateOnce(workspace.id, link);
            return link;
        } catch (error) {
            this.openErrors.set(workspace.id, userFacingMessage(error));
            throw error;
        } finally {
            this.opening.delete(workspace.id);
        }
    }

    /**
     * The link of the owner's running sandbox; counts as activity. With `wake` (an agent's call) a
     * stopped sandbox is started; without (browser traffic) SandboxStopped is thrown instead.
     */
    async link(user: UserRecord, workspaceId: string, options: { wake: boolean }): Promise<SandboxLink> {
        const workspace = this.options.workspaces.get(user, workspaceId);
        if (options.wake && !this.ready.has(workspace.id)) {
            this.recordActivity(workspace.id);
            return this.open(user, workspace.id);
        }
        return this.attached(workspace);
    }

    /**
     * The link of a workspace's running sandbox, for a request whose access the caller resolved
     * (its owner's IDE, or a port preview the owner shared); SandboxStopped when it is not running.
     */
    async attached(workspace: WorkspaceRecord): Promise<SandboxLink> {
        this.recordActivity(workspace.id);
        const known = this.ready.get(workspace.id);
        if (known) {
            return known;
        }
        const link = await (this.options.builder.whenStarted(workspace.id) ?? this.options.builder.attach(workspace.id));
        if (!link) {
            throw new SandboxStopped(this.stoppedBecause.get(workspace.id));
        }
        this.ready.set(workspace.id, link);
        return link;
    }

    /** A devcontainer.json's postCreateCommand, after the first start that made the workspace's files; in the background. */
    private runPostCreateOnce(workspaceId: string, link: SandboxLink): void {
        const devcontainer = this.options.workspaces.findById(workspaceId)?.devcontainer;
        if (devcontainer?.postCreateCommand && !devcontainer.postCreate && !this.postCreating.has(workspaceId)) {
            this.postCreating.add(workspaceId);
            void this.options.postCreate.run(workspaceId, devcontainer.postCreateCommand, link).finally(() => this.postCreating.delete(workspaceId));
        }
    }

    /** After a failed connection: the next use asks the engine again. */
    forget(workspaceId: string): void {
        this.ready.delete(workspaceId);
    }

    /** Stops the sandbox (files stay) and closes the browsers' connections to it; `because` is shown to its tabs. */
    async stop(workspaceId: string, because: string): Promise<void> {
        this.options.log.info({ workspaceId, because }, 'stopping sandbox');
        this.forget(workspaceId);
        this.stoppedBecause.set(workspaceId, because);
        this.openErrors.delete(workspaceId);
        this.options.connections.end({ workspaceId, kind: 'ide' }, `sandbox stopped: ${because}`);
        await this.options.builder.stop(workspaceId);
    }

    /** Deletes the owner's workspace (see deleteWorkspace). */
    async delete(user: UserRecord, workspaceId: string): Promise<WorkspaceRecord> {
        return this.deleteWorkspace(this.options.workspaces.get(user, workspaceId));
    }

    /**
     * Deletes a workspace whose access the caller checked (its owner, or an admin): its sandbox, its
     * files, its record, the tokens limited to it and every connection to it.
     */
    async deleteWorkspace(workspace: WorkspaceRecord): Promise<WorkspaceRecord> {
        this.forget(workspace.id);
        this.options.connections.end({ workspaceId: workspace.id }, 'workspace deleted');
        await this.options.builder.remove(workspace.id, true);
        await this.options.workspaces.forget(workspace.id);
        await this.options.tokens.revokeForWorkspace(workspace.id);
        this.stoppedBecause.delete(workspace.id);
        this.openErrors.delete(workspace.id);
        this.lastActivity.delete(workspace.id);
        return workspace;
    }

    /** What a tab of the workspace is told: running (and when an idle stop comes), starting (its steps), failed, stopped and why. */
    async status(workspace: WorkspaceRecord): Promise<SandboxStatusReport> {
        const { builder } = this.options;
        const progress = builder.progressOf(workspace.id);
        const steps = progress?.steps.map(step => ({ ...step }));
        if (builder.isStarting(workspace.id) || this.opening.has(workspace.id)) {
            return { state: 'starting', steps: builder.isStarting(workspace.id) ? steps : [] };
        }
        const engine = await builder.sandboxes.status(workspace.id);
        if (engine.state === 'running') {
            const idleStopAt = this.idleStopAt(workspace);
            return { state: 'running', ...(idleStopAt && idleStopAt - Date.now() < IDLE_WARNING_MS ? { idleStopAt: new Date(idleStopAt).toISOString() } : {}) };
        }
        const error = this.openErrors.get(workspace.id);
        if (error) {
            return { state: 'failed', steps, error };
        }
        return { state: 'stopped', stoppedBecause: this.stoppedBecause.get(workspace.id) };
    }

    /** When the sandbox is due for an idle stop, counting from its last activity (its start at the latest). */
    idleStopAt(workspace: WorkspaceRecord): number | undefined {
        const last = this.lastActivity.get(workspace.id);
        return last === undefined ? undefined : last + this.options.workspaces.profileOf(workspace).idleMinutes * 60_000;
    }

    recordActivity(workspaceId: string): void {
        this.lastActivity.set(workspaceId, Date.now());
    }

    /** A browser's WebSocket to the IDE: opening and closing it count as activity (its traffic does not: Theia pings). */
    trackConnection(workspaceId: string, socket: { once(event: 'close', listener: () => void): unknown }): void {
        this.openSockets.set(workspaceId, this.openConnections(workspaceId) + 1);
        this.recordActivity(workspaceId);
        socket.once('close', () => {
            this.openSockets.set(workspaceId, this.openConnections(workspaceId) - 1);
            this.recordActivity(workspaceId);
        });
    }

    openConnections(workspaceId: string): number {
        return this.openSockets.get(workspaceId) ?? 0;
    }

    lastActiveAt(workspaceId: string): number | undefined {
        return this.lastActivity.get(workspaceId);
    }
}

/** An error's message when it is meant for the user (refusals, start failures), a plain one otherwise. */
function userFacingMessage(error: unknown): string {
    return error instanceof DomainError || error instanceof HttpError || error instanceof SandboxStartError || error instanceof SandboxEngineUnavailable
        ? (error as Error).message
        : 'something went wrong; an admin can see why in the gateway\'s log';
}
