/** Where the backend serves the sandbox status service (JSON-RPC over Theia's WebSocket). */
export const SANDBOX_STATUS_SERVICE_PATH = '/services/sandbox-status';

/** Facts about the sandbox the IDE backend runs in. */
export interface SandboxInfo {
    /** The container's hostname (Docker uses the short container id). */
    hostname: string;
    /** The uid the IDE backend runs as; -1 when the platform has no uids. */
    uid: number;
    /** The workspace's display name, as the gateway tells it. */
    workspaceName: string;
    /** The sandbox profile the gateway started this container with (IDE_PROFILE). */
    profile: string;
}

export const SandboxStatusService = Symbol('SandboxStatusService');

export interface SandboxStatusService {
    getSandboxInfo(): Promise<SandboxInfo>;
}
