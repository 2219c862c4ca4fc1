import { SandboxProfile } from '../config/profiles.js';
import { WorkspaceRecord } from '../store/records.js';

export type SandboxState = 'running' | 'starting' | 'stopped' | 'absent';

export interface SandboxStatus {
    workspaceId: string;
    state: SandboxState;
    containerId?: string;
    hostname?: string;
    startedAt?: string;
}

/** One sandbox of this gateway as the engine lists it. */
export interface SandboxSummary {
    workspaceId: string;
    ownerId: string;
    state: 'running' | 'starting' | 'stopped';
}

export interface SandboxUsage {
    /** Share of one CPU used lately (0.5 = half a core). */
    cpuShare: number;
    memoryBytes: number;
    memoryLimitBytes: number;
    pids: number;
}

/** Where the gateway reaches a running sandbox's IDE: an HTTP server on a unix socket. */
export interface SandboxEndpoint {
    socketPath: string;
    secret: string;
    /** Where the gateway listens for this sandbox (it sees the file as `/run/ide/gateway.sock`). */
    gatewaySocketPath?: string;
}

/**
 * Makes, finds and removes the sandbox of a workspace. State lives in the engine (labels), not in
 * the gateway's memory, so a restarted gateway adopts what is running. Docker implements it today;
 * a Kubernetes provider (pod + PVC per workspace) is the next one.
 */
export interface SandboxProvider {
    /** Starts the sandbox if needed and resolves once its IDE answers. Concurrent calls share one start. */
    ensureRunning(workspace: WorkspaceRecord, profile: SandboxProfile): Promise<SandboxEndpoint>;
    status(workspaceId: string): Promise<SandboxStatus>;
    /** Every sandbox of this gateway (running, starting or stopped). */
    list(): Promise<SandboxSummary[]>;
    /** CPU and memory in use now, for the admin page and the idle check. */
    usage?(workspaceId: string): Promise<SandboxUsage>;
    /** Whether the engine has this image (admins register images by reference). */
    hasImage?(image: string): Promise<boolean>;
    stop(workspaceId: string): Promise<void>;
    /** Removes the container and, with `withData`, the workspace's files. */
    remove(workspaceId: string, options: { withData: boolean }): Promise<void>;
    /** Removes sandboxes of this instance whose workspace no longer exists; returns their ids. */
    removeOrphans(knownWorkspaceIds: ReadonlySet<string>): Promise<string[]>;
    /** Throws SandboxEngineUnavailable when the engine cannot be reached. */
    ping(): Promise<void>;
}

/** The engine (Docker daemon) cannot be reached: the gateway answers 503 instead of failing. */
export class SandboxEngineUnavailable extends Error { }

/** The sandbox could not be made or did not become ready; the message is safe to show the user. */
export class SandboxStartError extends Error { }
