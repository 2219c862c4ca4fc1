import { SandboxProfile } from '../config/profiles.js';

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

/**
 * How the sandbox reaches the gateway: it dials out, the gateway never connects in. Docker mounts
 * a directory of the gateway's listening sockets read-only; a Kubernetes provider would give the
 * pod the gateway's service address instead.
 */
export type GatewayLink = { kind: 'unix-socket-directory'; hostDir: string };

/** Tells whoever waits for a start what it does now, in words for the user; `replacesLast` updates the step under way (progress). */
export type StepReporter = (label: string, options?: { replacesLast?: boolean }) => void;

/**
 * What a new workspace starts with: a Git repository's `.git` directory (no working tree), put
 * into the workspace's volume when it is created and checked out there by the sandbox's user.
 */
export interface WorkspaceSeed {
    gitDirectory: string;
    branch?: string;
}

/**
 * Makes a workspace's seed before its first start (a clone, step by step), and is told how the
 * start went. It may change the profile the sandbox is made with (a devcontainer.json's image and env).
 */
export interface SeedPreparation {
    prepare(step: StepReporter): Promise<{ seed: WorkspaceSeed; profile?: SandboxProfile }>;
    finish(succeeded: boolean): Promise<void>;
}

/** A pinned extension, unpacked by the gateway into a folder of its own that the sandbox mounts read-only. */
export interface PinnedExtensionMount {
    id: string;
    hostDir: string;
}

/** What a sandbox needs to be made: nothing of the store's records, nothing of the owner but a label. */
export interface SandboxRequest {
    /** The workspace's id (a warm-pool sandbox gets the id of the workspace that will take it over). */
    id: string;
    /** For the engine's labels and the admin's view; empty for a warm-pool sandbox. */
    ownerId: string;
    profile: SandboxProfile;
    link: GatewayLink;
    /** Files for a workspace volume that does not exist yet; ignored when it does. */
    seed?: WorkspaceSeed;
    /** The profile's pinned extensions. */
    pinnedExtensions?: PinnedExtensionMount[];
}

/**
 * Makes, finds and removes the sandbox of a workspace. State lives in the engine (labels), not in
 * the gateway's memory, so a restarted gateway adopts what is running. Docker implements it today;
 * a Kubernetes provider (pod + PVC per workspace) is the next one (see the README).
 * Whether the IDE inside answers is not the provider's business: the sandbox dials the gateway,
 * and the gateway asks it over that link.
 */
export interface SandboxProvider {
    /** Makes the sandbox if needed and starts it; resolves once it runs. Concurrent calls share one start. Tells `step` what it does, in words for the user. */
    ensureRunning(request: SandboxRequest, step?: StepReporter): Promise<void>;
    /** Why a sandbox that should be starting is not running: its exit code and last log lines, for the user. */
    describeFailure?(workspaceId: string): Promise<string>;
    status(workspaceId: string): Promise<SandboxStatus>;
    /** Every sandbox of this gateway (running, starting or stopped). */
    list(): Promise<SandboxSummary[]>;
    /** CPU and memory in use now, for the admin page and the idle check. */
    usage?(workspaceId: string): Promise<SandboxUsage>;
    /** Bytes each workspace's volume holds, by workspace id, for the admin page; may be a little old (the engine walks every volume), but names every workspace in `expected`. */
    volumeSizes?(expected?: readonly string[]): Promise<Map<string, number>>;
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
