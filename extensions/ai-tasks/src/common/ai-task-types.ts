/*
 * What an AI task is, as plain data: it crosses JSON-RPC to the view, goes into the MCP tools'
 * structuredContent, and is kept in `.ide/tasks/<id>.json`.
 */

export const TASK_STATUSES = ['queued', 'running', 'awaiting review', 'applied', 'rejected', 'failed', 'cancelled'] as const;
export type TaskStatus = typeof TASK_STATUSES[number];

/** A task in one of these has ended: it is audited and its scratch copy is gone. */
export const FINAL_TASK_STATUSES: readonly TaskStatus[] = ['applied', 'rejected', 'failed', 'cancelled'];

export function isFinalStatus(status: TaskStatus): boolean {
    return FINAL_TASK_STATUSES.includes(status);
}

export { TASK_ID_PATTERN } from '@ide/sandbox-contract/lib/task-id';

export type TaskStepKind = 'thought' | 'tool-call' | 'tool-result' | 'info' | 'error' | 'gates';

export interface TaskStep {
    /** 1-based, increasing within a task; a streamed step is sent again under the same id as it grows. */
    id: number;
    kind: TaskStepKind;
    /** ISO 8601. */
    at: string;
    /** The thought, the tool's arguments as JSON, the tool's output (bounded), or a message. */
    text: string;
    /** tool-call and tool-result: which tool. */
    tool?: string;
    /** tool-result: the tool reported an error. */
    isError?: boolean;
    /** Still streaming: more text will follow. */
    streaming?: boolean;
    /** 0 for the first run of the agent, 1… for auto-fix rounds. */
    round: number;
}

export type FileChangeKind = 'added' | 'modified' | 'deleted';
export type FileDecision = 'accepted' | 'rejected';

export interface TaskFileChange {
    /** Relative to the workspace root, `/` separators. */
    path: string;
    change: FileChangeKind;
    /** Unified diff from the workspace file as it is now to the agent's version (bounded; cut diffs say so). */
    diff: string;
    additions: number;
    deletions: number;
    binary: boolean;
    /** Changed in the workspace since the task started: Apply refuses it unless overridden or re-based. */
    stale: boolean;
    decision: FileDecision;
    /** The user chose to overwrite their own later change with the agent's version. */
    overrideStale?: boolean;
}

export interface TaskUsage {
    /** Model responses so far (all rounds). */
    turns: number;
    inputTokens: number;
    outputTokens: number;
    cacheWriteTokens: number;
    cacheReadTokens: number;
    /** From the gateway's prices; 0 when the model's price is unknown. */
    costUsd: number;
}

export interface TaskLimits {
    /** Model responses per round (the first run, each auto-fix). */
    maxTurns: number;
    /** Input plus output tokens over the whole task. */
    maxTokens: number;
    /** US dollars over the whole task, computed from usage and prices (the gateway also holds the task to it). */
    maxCostUsd: number;
    /** Wall time per round. */
    wallTimeMs: number;
}

export type TaskGatesOutcome = 'pass' | 'fail' | 'not-run';

export interface TaskGateResult {
    gate: string;
    status: 'pass' | 'fail' | 'error' | 'skipped';
    reason?: string;
    /** `file:line: message` of the first findings. */
    findings: string[];
    /** The end of the gate's log, bounded. */
    log: string;
}

export interface TaskGateRun {
    /** ISO 8601. */
    at: string;
    status: 'pass' | 'fail' | 'error' | 'skipped';
    passed: boolean;
    durationMs: number;
    gates: TaskGateResult[];
    /** The gate configuration could not be read. */
    error?: string;
}

export interface TaskSummary {
    id: string;
    text: string;
    model: string;
    budgetUsd: number;
    status: TaskStatus;
    /** Why it failed, was cancelled or stopped; or what Apply refused. */
    reason?: string;
    /** What the task is doing right now besides its status: "copying the workspace", "running quality gates"… */
    activity?: string;
    user: string;
    /** ISO 8601. */
    createdAt: string;
    startedAt?: string;
    endedAt?: string;
    /** From start to end, or to now while it runs. */
    durationMs: number;
    usage: TaskUsage;
    gates: TaskGatesOutcome;
    autoFixRounds: number;
    fileCount: number;
}

export interface TaskDetail extends TaskSummary {
    limits: TaskLimits;
    steps: TaskStep[];
    files: TaskFileChange[];
    gateRun?: TaskGateRun;
    /** Where the agent works; gone once the task has ended. */
    scratchRoot?: string;
    workspaceRoot: string;
    /** An empty file, the missing side of the diff of an added or deleted file. */
    emptyFile?: string;
    /** More auto-fix rounds are allowed. */
    canAutoFix: boolean;
}

export interface NewTaskRequest {
    text: string;
    /** Default: the first model the gateway offers. */
    model?: string;
    /** Default: the gateway's maximum per task. */
    budgetUsd?: number;
    limits?: Partial<Omit<TaskLimits, 'maxCostUsd'>>;
}

export interface ApplyRequest {
    /** Apply only these (relative paths); default: every accepted file. */
    files?: string[];
    /** Stale files to overwrite anyway with the agent's version. */
    overrideStale?: string[];
}

export interface ApplyResult {
    applied: boolean;
    /** Files written or deleted in the workspace. */
    files: string[];
    /** Why nothing was applied. */
    reason?: string;
    gateRun?: TaskGateRun;
}

export interface ModelPrice {
    input: number;
    output: number;
    cacheWrite?: number;
    cacheRead?: number;
}

/** What `GET /v1/ide/status` on the gateway socket says, plus whether it could be asked at all. */
export interface ModelStatus {
    /** The gateway answered. */
    reachable: boolean;
    /** Why it could not be asked. */
    error?: string;
    /** The gateway holds a model API key. */
    configured: boolean;
    howToConfigure?: string;
    models: string[];
    pricesUsdPerMillionTokens: Record<string, ModelPrice>;
    userMonthlyBudgetUsd?: number;
    userSpentThisMonthUsd?: number;
    maxTaskBudgetUsd?: number;
    /** The workspace owner the gateway charges, who the task is recorded for. */
    user?: string;
}

export type TaskEvent =
    | { type: 'task-changed'; task: TaskSummary }
    | { type: 'step'; taskId: string; step: TaskStep };

/** What `.ide/tasks/<id>.json` holds: the audit of one task. */
export interface TaskRecordFile extends Omit<TaskDetail, 'scratchRoot' | 'emptyFile' | 'canAutoFix'> {
    /** The final status, once the task has ended. */
    outcome?: TaskStatus;
}
