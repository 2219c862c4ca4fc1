import { GateDescription, GateProgressEvent, GateRunResult } from './gate-results';

/** Where the backend serves the quality gates service (JSON-RPC over Theia's WebSocket). */
export const QUALITY_GATES_SERVICE_PATH = '/services/quality-gates';

export const QualityGatesService = Symbol('QualityGatesService');

/** The view's side of the backend. `root` is the workspace folder's file system path. */
export interface QualityGatesService {
    /** The gates a run would run; `configError` explains an invalid `.ide/gates.json` (then `gates` is empty). */
    listGates(root: string): Promise<GateListing>;
    /** Runs all gates, or the named ones; progress reaches the client as events. */
    run(root: string, gates?: string[]): Promise<GateRunResult>;
    /** Stops a run: its running gates are killed, the rest are skipped. */
    cancel(runId: string): Promise<void>;
    /** Recent runs of this root, newest first. */
    getHistory(root: string): Promise<GateRunResult[]>;
    setClient(client: QualityGatesClient | undefined): void;
    dispose(): void;
}

export interface GateListing {
    gates: GateDescription[];
    configError?: string;
}

/** Every run in the backend reports here, including runs the MCP tool or ai-tasks started. */
export interface QualityGatesClient {
    onProgress(event: GateProgressEvent): void;
}
