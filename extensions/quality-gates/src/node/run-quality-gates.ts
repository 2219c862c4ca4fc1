import { randomUUID } from 'crypto';
import * as fs from 'fs/promises';
import * as path from 'path';
import { GateProgressEvent, GateResult, GateRunRequest, GateRunResult, runStatusOf } from '../common/gate-results';
import { boundedLog } from './bounded-text';
import { abortPromise, GateContext, GateOutcome, GateStop, stopReason } from './gate-context';
import { GateKindContribution } from './gate-kind-contribution';
import { BUNDLED_GATE_KINDS } from './gate-kinds';
import { describeGate, PlannedGate } from './gate-plan';
import { resolveGates, selectGates } from './gate-resolution';

export interface RunOptions {
    /** Cancels the run: running gates are stopped (their processes killed), the others are skipped. */
    signal?: AbortSignal;
    onProgress?(event: GateProgressEvent): void;
    /** Default: a new UUID. */
    runId?: string;
    /** Default: the bundled ones. */
    kinds?: readonly GateKindContribution[];
}

/**
 * Runs the gates of request.root and returns the result; never throws for a failing gate, only
 * for an invalid `.ide/gates.json` or unknown gate names (QualityGateConfigError) or a root that is
 * not a directory. Gates that may run in parallel (built-in gates, command gates marked `parallel`)
 * run at once; the others run one after another, alongside them.
 */
export async function runQualityGates(request: GateRunRequest, options: RunOptions = {}): Promise<GateRunResult> {
    const root = path.resolve(request.root);
    const stat = await fs.stat(root).catch(() => undefined);
    if (!stat?.isDirectory()) {
        throw new Error(`not a directory: ${root}`);
    }
    const kinds = options.kinds ?? BUNDLED_GATE_KINDS;
    const gates = selectGates(await resolveGates(root, kinds), request.gates);
    const id = options.runId ?? randomUUID();
    const startedAt = new Date();
    const emit = (event: GateProgressEvent) => {
        try {
            options.onProgress?.(event);
        } catch (error) {
            console.error('[quality-gates] a progress listener failed', error);
        }
    };
    emit({ type: 'run-started', runId: id, root, startedAt: startedAt.toISOString(), gates: gates.map(describeGate) });

    const results = new Map<PlannedGate, GateResult>();
    const runOne = async (gate: PlannedGate) => {
        const result = await runGate(gate, kindOf(kinds, gate), { root, request, signal: options.signal, runId: id, emit });
        results.set(gate, result);
        emit({ type: 'gate-finished', runId: id, root, result });
    };
    const inParallel = gates.filter(gate => kindOf(kinds, gate).runsInParallel?.(gate) ?? true);
    const inSequence = gates.filter(gate => !inParallel.includes(gate));
    await Promise.all([
        ...inParallel.map(runOne),
        (async () => {
            for (const gate of inSequence) {
                await runOne(gate);
            }
        })()
    ]);

    const gateResults = gates.map(gate => results.get(gate)!);
    const status = runStatusOf(gateResults);
    const result: GateRunResult = {
        id,
        root,
        startedAt: startedAt.toISOString(),
        durationMs: Date.now() - startedAt.getTime(),
        status,
        passed: status === 'pass' || status === 'skipped',
        ...(options.signal?.aborted && { cancelled: true }),
        ...(request.changedFiles && { changedFiles: request.changedFiles }),
        ...(request.baseRef && { baseRef: request.baseRef }),
        gates: gateResults
    };
    emit({ type: 'run-finished', runId: id, root, result });
    return result;
}

interface RunGateContext {
    root: string;
    request: GateRunRequest;
    signal?: AbortSignal;
    runId: string;
    emit(event: GateProgressEvent): void;
}

async function runGate(gate: PlannedGate, kind: GateKindContribution, { root, request, signal, runId, emit }: RunGateContext): Promise<GateResult> {
    const started = Date.now();
    const finish = (outcome: GateOutcome): GateResult => ({
        gate: gate.name,
        kind: gate.kind,
        status: outcome.status,
        durationMs: Date.now() - started,
        findings: outcome.findings,
        log: boundedLog(outcome.log),
        ...(outcome.reason && { reason: outcome.reason }),
        ...(outcome.command && { command: outcome.command }),
        ...(outcome.findingsTruncated && { findingsTruncated: true })
    });
    if (signal?.aborted) {
        return finish({ status: 'skipped', reason: 'cancelled before it started', findings: [], log: '' });
    }
    emit({ type: 'gate-started', runId, root, gate: gate.name, kind: gate.kind });

    const stop = new AbortController();
    const cancel = () => stop.abort(new GateStop('cancelled'));
    signal?.addEventListener('abort', cancel, { once: true });
    const timeout = setTimeout(() => stop.abort(new GateStop('timeout', gate.timeoutSeconds)), gate.timeoutSeconds * 1000);
    const context: GateContext = {
        root,
        changedFiles: request.changedFiles,
        baseRef: request.baseRef,
        signal: stop.signal,
        onOutputLine: line => emit({ type: 'gate-output', runId, root, gate: gate.name, line })
    };
    try {
        const work = kind.run(gate, context);
        const outcome = await Promise.race([
            work,
            abortPromise(stop.signal).then(() => kind.endsItselfWhenStopped ? work : stoppedOutcome(stop.signal))
        ]);
        return finish(outcome);
    } catch (error) {
        if (stop.signal.aborted) {
            return finish(stoppedOutcome(stop.signal));
        }
        return finish({ status: 'error', reason: `the gate crashed: ${error instanceof Error ? error.message : String(error)}`, findings: [], log: '' });
    } finally {
        clearTimeout(timeout);
        signal?.removeEventListener('abort', cancel);
    }
}

function stoppedOutcome(signal: AbortSignal): GateOutcome {
    return { status: 'error', reason: stopReason(signal), findings: [], log: '' };
}

function kindOf(kinds: readonly GateKindContribution[], gate: PlannedGate): GateKindContribution {
    const kind = kinds.find(candidate => candidate.kind === gate.kind);
    if (!kind) {
        throw new Error(`no gate kind "${gate.kind}" is bound`);
    }
    return kind;
}
