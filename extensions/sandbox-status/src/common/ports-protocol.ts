/** Where the backend serves what the IDE knows of the sandbox's ports (JSON-RPC over Theia's WebSocket). */
export const SANDBOX_PORTS_PATH = '/services/sandbox-ports';

export const SandboxPorts = Symbol('SandboxPorts');

export interface SandboxPorts {
    /** The ports servers in the sandbox listen on that a user may want to preview (not the IDE's own, not ephemeral ones). */
    listening(): Promise<number[]>;
    /** The ports the repository's devcontainer.json forwards (listening or not yet). */
    forwarded(): Promise<number[]>;
    /** Tells tools started from now on their public URL (`VSCODE_PROXY_URI`, `{{port}}` for the port). */
    setProxyUri(template: string): Promise<void>;
}
