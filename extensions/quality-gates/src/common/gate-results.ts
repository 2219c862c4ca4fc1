/*
 * What a quality gate run produces. Plain data: it crosses JSON-RPC to the view, goes into
 * the MCP tool's structuredContent, and is kept in `.ide/gates/history.json`.
 */

/** `command`, a built-in kind (`secret-scan`, `license-check`, `tests-not-deleted`), or a kind another extension contributes. */
export type GateKind = string;

/** `fail`: the gate ran and found problems; `error`: it could not decide (cannot start, timeout, cancelled, crash). */
export type GateStatus = 'pass' | 'fail' | 'error' | 'skipped';

export type FindingSeverity = 'error' | 'warning' | 'info';

export interface GateFinding {
    /** Relative to the run's root with `/` separators; absolute only for files outside it. */
    file: string;
    /** 1-based. */
    line: number;
    /** 1-based. */
    column?: number;
    message: string;
    severity: FindingSeverity;
    /** The rule or check that reported it, e.g. `@secretlint/secretlint-rule-aws`, `TS2322`, `license-not-allowed`. */
    rule?: string;
}

export interface GateResult {
    gate: string;
    kind: GateKind;
    status: GateStatus;
    durationMs: number;
    findings: GateFinding[];
    /** Output or report of the gate, bounded; when cut, its first line says so. */
    log: string;
    /** Why the gate has this status, when the findings do not say it (skipped, timeout, exit code…). */
    reason?: string;
    /** The command a command gate ran. */
    command?: string;
    /** More findings existed than are listed. */
    findingsTruncated?: boolean;
}

/**
 * `fail` when any gate failed, otherwise `error` when any gate errored, otherwise `skipped` when no
 * gate ran at all, otherwise `pass`.
 */
export type GateRunStatus = 'pass' | 'fail' | 'error' | 'skipped';

export interface GateRunResult {
    id: string;
    /** The directory the gates ran in. */
    root: string;
    /** ISO 8601. */
    startedAt: string;
    durationMs: number;
    status: GateRunStatus;
    /** True when no gate failed or errored: the change may be applied. */
    passed: boolean;
    /** The run was cancelled before every gate finished. */
    cancelled?: boolean;
    changedFiles?: string[];
    baseRef?: string;
    gates: GateResult[];
}

export interface GateRunRequest {
    /** The project directory: the workspace or any copy of it. */
    root: string;
    /** Run only these gates (by name); all when omitted. */
    gates?: string[];
    /** Relative to root. Scopes the secret scan and related tests; omitted: the whole tree / full suite. */
    changedFiles?: string[];
    /** The git revision tests-not-deleted compares the working tree with (default HEAD). */
    baseRef?: string;
}

/** A gate as it will run, for listing before a run. */
export interface GateDescription {
    name: string;
    kind: GateKind;
    /** The command of a command gate. */
    command?: string;
    /** Where it comes from: `.ide/gates.json`, detected from the project, or built in. */
    source: 'config' | 'detected' | 'builtin';
}

export type GateProgressEvent =
    | { type: 'run-started'; runId: string; root: string; startedAt: string; gates: GateDescription[] }
    | { type: 'gate-started'; runId: string; root: string; gate: string; kind: GateKind }
    | { type: 'gate-output'; runId: string; root: string; gate: string; line: string }
    | { type: 'gate-finished'; runId: string; root: string; result: GateResult }
    | { type: 'run-finished'; runId: string; root: string; result: GateRunResult };

export function runStatusOf(gates: GateResult[]): GateRunStatus {
    if (gates.some(gate => gate.status === 'fail')) {
        return 'fail';
    }
    if (gates.some(gate => gate.status === 'error')) {
        return 'error';
    }
    return gates.some(gate => gate.status === 'pass') ? 'pass' : 'skipped';
}
