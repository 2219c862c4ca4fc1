import { SandboxEndpoint } from '../sandbox/sandbox-provider.js';
import { UserRecord } from '../store/records.js';
import { WorkspaceService } from './workspace-service.js';

export interface SandboxEndpointHooks {
    /** Each time a sandbox is (re)opened: e.g. listen on its gateway socket. */
    opened?(workspaceId: string, endpoint: SandboxEndpoint): Promise<void>;
    /** After a stop or a delete: e.g. stop listening for it. */
    retired?(workspaceId: string): Promise<void>;
}

/**
 * Where each workspace's running sandbox answers, remembered so traffic does not ask the engine
 * on every request. Browser traffic and agent tool calls both come through here, so both count
 * as activity.
 */
export class SandboxEndpoints {
    private readonly known = new Map<string, SandboxEndpoint>();
    private readonly lastActivity = new Map<string, number>();
    private readonly connections = new Map<string, number>();

    constructor(private readonly workspaces: WorkspaceService, private readonly hooks: SandboxEndpointHooks = {}) { }

    isReady(workspaceId: string): boolean {
        return this.known.has(workspaceId);
    }

    /** Starts the sandbox if needed (owner only) and remembers its endpoint. */
    async open(user: UserRecord, workspaceId: string): Promise<SandboxEndpoint> {
        const endpoint = await this.workspaces.open(user, workspaceId);
        await this.hooks.opened?.(workspaceId, endpoint);
        this.known.set(workspaceId, endpoint);
        return endpoint;
    }

    /** The remembered endpoint, or a freshly opened one; counts as activity. */
    async get(user: UserRecord, workspaceId: string): Promise<SandboxEndpoint> {
        this.lastActivity.set(workspaceId, Date.now());
        return this.known.get(workspaceId) ?? this.open(user, workspaceId);
    }

    /** After a stop, a delete, or a failed connection: the next use asks the engine again. */
    forget(workspaceId: string): void {
        this.known.delete(workspaceId);
    }

    /** The sandbox was stopped or deleted: nothing of it is kept. */
    async retire(workspaceId: string): Promise<void> {
        this.forget(workspaceId);
        await this.hooks.retired?.(workspaceId);
    }

    /** A browser's WebSocket to the IDE: the sandbox counts as in use while one is open. */
    trackConnection(workspaceId: string, socket: { once(event: 'close', listener: () => void): unknown }): void {
        this.connections.set(workspaceId, this.openConnections(workspaceId) + 1);
        socket.once('close', () => {
            this.connections.set(workspaceId, this.openConnections(workspaceId) - 1);
            this.lastActivity.set(workspaceId, Date.now());
        });
    }

    openConnections(workspaceId: string): number {
        return this.connections.get(workspaceId) ?? 0;
    }

    lastActiveAt(workspaceId: string): number | undefined {
        return this.lastActivity.get(workspaceId);
    }
}
