import { LiveConnections } from '../auth/live-connections.js';
import { Logger } from '../log.js';
import { SandboxLink } from '../sandbox-link/sandbox-link.js';
import { ApiTokenService } from '../tokens/api-tokens.js';
import { UserRecord, WorkspaceRecord } from '../store/records.js';
import { SandboxBuilder } from './sandbox-builder.js';
import { WorkspaceService } from './workspace-service.js';

export interface SandboxLifecycleOptions {
    workspaces: WorkspaceService;
    builder: SandboxBuilder;
    connections: LiveConnections;
    tokens: ApiTokenService;
    log: Logger;
}

/**
 * The one place a workspace's sandbox is opened, stopped or deleted, whoever asks (the owner's
 * browser or agent, an admin, the idle reaper): each transition also ends what depended on it.
 * It remembers the link of each ready sandbox, so traffic does not ask the engine per request,
 * and when each was last used (browser traffic and agent calls both count).
 */
export class SandboxLifecycle {
    private readonly ready = new Map<string, SandboxLink>();
    private readonly lastActivity = new Map<string, number>();
    private readonly openSockets = new Map<string, number>();

    constructor(private readonly options: SandboxLifecycleOptions) { }

    isReady(workspaceId: string): boolean {
        return this.ready.has(workspaceId);
    }

    /** Starts the owner's sandbox if needed (within their quota) and resolves once its IDE answers. */
    async open(user: UserRecord, workspaceId: string): Promise<SandboxLink> {
        const workspace = this.options.workspaces.get(user, workspaceId);
        await this.options.workspaces.checkRunningQuota(user, workspace);
        const link = await this.options.builder.start(workspace.id, workspace.ownerId, this.options.workspaces.profileOf(workspace));
        this.ready.set(workspace.id, link);
        await this.options.workspaces.markOpened(workspace.id);
        return link;
    }

    /** The ready sandbox's link, or a freshly opened one; counts as activity. */
    async link(user: UserRecord, workspaceId: string): Promise<SandboxLink> {
        this.lastActivity.set(workspaceId, Date.now());
        return this.ready.get(workspaceId) ?? this.open(user, workspaceId);
    }

    /** After a failed connection: the next use asks the engine again. */
    forget(workspaceId: string): void {
        this.ready.delete(workspaceId);
    }

    /** Stops the sandbox (files stay) and closes the browsers' connections to it. */
    async stop(workspaceId: string, reason: string): Promise<void> {
        this.options.log.info({ workspaceId, reason }, 'stopping sandbox');
        this.forget(workspaceId);
        this.options.connections.end({ workspaceId, kind: 'ide' }, `sandbox stopped: ${reason}`);
        await this.options.builder.stop(workspaceId);
    }

    /** Deletes the workspace: its sandbox, its files, its record, the tokens limited to it and every connection to it. */
    async delete(user: UserRecord, workspaceId: string): Promise<WorkspaceRecord> {
        const workspace = this.options.workspaces.get(user, workspaceId);
        this.forget(workspace.id);
        this.options.connections.end({ workspaceId: workspace.id }, 'workspace deleted');
        await this.options.builder.remove(workspace.id, true);
        await this.options.workspaces.forget(workspace.id);
        await this.options.tokens.revokeForWorkspace(workspace.id);
        return workspace;
    }

    /** A browser's WebSocket to the IDE: the sandbox counts as in use while one is open. */
    trackConnection(workspaceId: string, socket: { once(event: 'close', listener: () => void): unknown }): void {
        this.openSockets.set(workspaceId, this.openConnections(workspaceId) + 1);
        socket.once('close', () => {
            this.openSockets.set(workspaceId, this.openConnections(workspaceId) - 1);
            this.lastActivity.set(workspaceId, Date.now());
        });
    }

    openConnections(workspaceId: string): number {
        return this.openSockets.get(workspaceId) ?? 0;
    }

    lastActiveAt(workspaceId: string): number | undefined {
        return this.lastActivity.get(workspaceId);
    }
}
