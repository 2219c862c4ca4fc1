export interface UserRecord {
    id: string;
    username: string;
    passwordHash: string;
    isAdmin: boolean;
    disabled: boolean;
    createdAt: string;
    /** Overrides of the server-wide defaults (IDE_MAX_WORKSPACES_PER_USER, IDE_MAX_RUNNING_SANDBOXES_PER_USER). */
    quota?: UserQuota;
    /** Named groups an admin put the user in, or for single sign-on the identity provider's (refreshed at every sign-in); profiles can be limited to groups. */
    groups?: string[];
    /** Set for an account made by single sign-on: who it is at which provider. Such an account has no password. */
    oidc?: { issuer: string; subject: string };
    lastSignInAt?: string;
}

export interface UserQuota {
    maxWorkspaces?: number;
    maxRunningSandboxes?: number;
}

export interface SessionRecord {
    /** sha256 of the cookie value: a leaked store does not leak live sessions. */
    tokenHash: string;
    userId: string;
    createdAt: string;
    expiresAt: string;
    /** The identity provider's ID token of a single sign-on session, for its logout (id_token_hint). */
    oidcIdToken?: string;
}

/**
 * A session on one workspace's own origin, got by redeeming a one-use ticket. It lives no longer
 * than the gateway session that asked for it (`parentHash`), and ends with it.
 */
export interface WorkspaceSessionRecord {
    tokenHash: string;
    userId: string;
    workspaceId: string;
    /** A port preview's origin, or undefined for the workspace's IDE. */
    port?: number;
    parentHash: string;
    /** Where "back to the dashboard" goes: the gateway origin the ticket was asked for on. */
    dashboardOrigin: string;
    createdAt: string;
    expiresAt: string;
}

export interface WorkspaceRecord {
    id: string;
    ownerId: string;
    name: string;
    profile: string;
    createdAt: string;
    lastOpenedAt?: string;
    /** Ports whose preview any signed-in user may open (the owner always may). */
    sharedPorts?: number[];
    /** The Git repository the workspace starts from: cloned by the gateway into its volume on the first start. */
    source?: WorkspaceSource;
    /** What the repository's devcontainer.json asked for and what of it was applied. */
    devcontainer?: DevcontainerRecord;
}

export interface DevcontainerRecord {
    postCreateCommand?: string;
    forwardPorts: number[];
    extensions: string[];
    containerEnv: Record<string, string>;
    /** What was done with it and what was not, in words for the user. */
    notes: string[];
    postCreate?: { state: 'running' | 'succeeded' | 'failed'; exitCode?: number | null; outputTail?: string; at: string };
}

export interface WorkspaceSource {
    gitUrl: string;
    branch?: string;
    /** Set once its files are in the workspace's volume; later starts clone nothing. */
    clonedAt?: string;
}

/** A token a user stored for cloning from one Git host; the token itself only sealed (AES-256-GCM). */
export interface GitCredentialRecord {
    id: string;
    userId: string;
    /** `host` or `host:port`, lower-case. */
    host: string;
    username: string;
    sealedToken: string;
    createdAt: string;
    lastUsedAt?: string;
}

/** A personal API token for agents (MCP). Only the SHA-256 of the secret is kept. */
export interface ApiTokenRecord {
    id: string;
    userId: string;
    name: string;
    tokenHash: string;
    /** The first characters of the secret, shown so a user can tell tokens apart. */
    hint: string;
    /** One workspace, or undefined for all of the user's workspaces. */
    workspaceId?: string;
    readOnly: boolean;
    createdAt: string;
    expiresAt?: string;
    lastUsedAt?: string;
}

export interface StoreData {
    schemaVersion: 1;
    users: UserRecord[];
    sessions: SessionRecord[];
    workspaceSessions: WorkspaceSessionRecord[];
    workspaces: WorkspaceRecord[];
    apiTokens: ApiTokenRecord[];
    gitCredentials: GitCredentialRecord[];
}

export const emptyStore = (): StoreData => ({ schemaVersion: 1, users: [], sessions: [], workspaceSessions: [], workspaces: [], apiTokens: [], gitCredentials: [] });
