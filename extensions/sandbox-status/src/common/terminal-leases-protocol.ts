/** Where the backend serves the terminal leases (JSON-RPC over Theia's WebSocket). */
export const TERMINAL_LEASES_PATH = '/services/sandbox-terminal-leases';

/** How often a tab renews the leases of the terminals it shows. */
export const LEASE_RENEW_EVERY_MS = 60_000;

/** How long a terminal no tab shows is kept for a reconnecting tab (a reload, a dropped network) before it is ended. */
export const DEFAULT_TERMINAL_RECONNECT_MINUTES = 10;

export const TerminalLeases = Symbol('TerminalLeases');

export interface TerminalLeases {
    /** The tab still shows these terminals (their ids in the backend's process manager). */
    renew(terminalIds: number[]): Promise<void>;
}
