import { GateFinding, GateStatus } from '../common/gate-results';

/** What a gate implementation gets. */
export interface GateContext {
    /** Absolute. */
    root: string;
    /** Relative to root. */
    changedFiles?: string[];
    baseRef?: string;
    /** Aborted on timeout or cancel (reason: a GateStop): stop, and kill what the gate started. */
    signal: AbortSignal;
    /** The latest line of output, for live progress. */
    onOutputLine(line: string): void;
}

/** What a gate implementation returns; the runner adds name, kind and duration. */
export interface GateOutcome {
    status: GateStatus;
    findings: GateFinding[];
    log: string;
    reason?: string;
    command?: string;
    findingsTruncated?: boolean;
}

/** Why a gate was stopped: the abort reason of GateContext.signal. */
export class GateStop {
    constructor(readonly why: 'timeout' | 'cancelled', readonly timeoutSeconds?: number) { }

    describe(): string {
        return this.why === 'timeout' ? `timed out after ${this.timeoutSeconds} s; stopped` : 'cancelled';
    }
}

export function stopReason(signal: AbortSignal): string {
    return signal.reason instanceof GateStop ? signal.reason.describe() : 'stopped';
}

export function abortPromise(signal: AbortSignal): Promise<void> {
    return signal.aborted ? Promise.resolve() : new Promise(resolve => signal.addEventListener('abort', () => resolve(), { once: true }));
}

export const MAX_FINDINGS_PER_GATE = 500;

/** Findings capped at MAX_FINDINGS_PER_GATE, saying whether some were left out. */
export function capFindings(findings: GateFinding[]): Pick<GateOutcome, 'findings' | 'findingsTruncated'> {
    return findings.length > MAX_FINDINGS_PER_GATE
        ? { findings: findings.slice(0, MAX_FINDINGS_PER_GATE), findingsTruncated: true }
        : { findings };
}

/** The findings as `file:line:column: severity: message [rule]` lines, for a gate's log. */
export function findingLines(findings: GateFinding[]): string {
    return findings.map(finding => `${finding.file}:${finding.line}${finding.column ? `:${finding.column}` : ''}: ${finding.severity}: ` +
        `${finding.message}${finding.rule ? ` [${finding.rule}]` : ''}\n`).join('');
}
