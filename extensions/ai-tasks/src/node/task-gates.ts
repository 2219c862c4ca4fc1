import * as fs from 'fs/promises';
import * as path from 'path';
import type { GateRunRequest, GateRunResult, GateProgressEvent } from '@ide/quality-gates/lib/common/gate-results';
import { TaskFileChange, TaskGateRun } from '../common/ai-task-types';
import { ScratchCopy } from './scratch-copy';

const MAX_FINDINGS_PER_GATE = 20;
const MAX_LOG_CHARS = 3000;

/** The part of quality-gates' QualityGateRunner the tasks use (its DI class in the backend, a plain object in tests). */
export interface GateRunner {
    run(request: GateRunRequest, options?: { signal?: AbortSignal; onProgress?(event: GateProgressEvent): void; recordHistory?: boolean }): Promise<GateRunResult>;
}

/**
 * Runs the gates on what Apply would produce: the scratch copy, or, when only some changed files
 * are chosen, a copy of it in which the others are as they are in the workspace.
 */
export async function runGatesOnProposal(
    runner: GateRunner, scratch: ScratchCopy, files: TaskFileChange[], chosen: TaskFileChange[], signal?: AbortSignal
): Promise<TaskGateRun> {
    const started = Date.now();
    const left = files.filter(file => !chosen.includes(file));
    const root = left.length === 0 ? scratch.root : await composeProposal(scratch, left);
    try {
        const result = await runner.run({
            root,
            changedFiles: chosen.filter(file => file.change !== 'deleted').map(file => file.path)
        }, { signal, recordHistory: false });
        return toTaskGateRun(result);
    } catch (error) {
        return {
            at: new Date(started).toISOString(),
            status: 'error',
            passed: false,
            durationMs: Date.now() - started,
            gates: [],
            error: error instanceof Error ? error.message : String(error)
        };
    } finally {
        if (root !== scratch.root) {
            await fs.rm(root, { recursive: true, force: true });
        }
    }
}

async function composeProposal(scratch: ScratchCopy, left: TaskFileChange[]): Promise<string> {
    const root = `${scratch.root}.gates`;
    await fs.rm(root, { recursive: true, force: true });
    await fs.cp(scratch.root, root, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    for (const file of left) {
        const target = path.join(root, file.path);
        await fs.rm(target, { force: true });
        if (file.change !== 'added') {
            await fs.mkdir(path.dirname(target), { recursive: true });
            await fs.cp(path.join(scratch.workspaceRoot, file.path), target, { verbatimSymlinks: true }).catch(() => undefined);
        }
    }
    return root;
}

export function toTaskGateRun(result: GateRunResult): TaskGateRun {
    return {
        at: result.startedAt,
        status: result.status,
        passed: result.passed,
        durationMs: result.durationMs,
        gates: result.gates.map(gate => ({
            gate: gate.gate,
            status: gate.status,
            ...(gate.reason && { reason: gate.reason }),
            findings: gate.findings.slice(0, MAX_FINDINGS_PER_GATE).map(finding =>
                `${finding.file}:${finding.line}${finding.column ? `:${finding.column}` : ''}: ${finding.message}`),
            log: gate.status === 'pass' || gate.status === 'skipped' ? '' : gate.log.slice(-MAX_LOG_CHARS)
        }))
    };
}

export function describeGateRun(run: TaskGateRun): string {
    if (run.error) {
        return `quality gates could not run: ${run.error}`;
    }
    const gates = run.gates.map(gate => `${gate.gate}: ${gate.status}`).join(', ');
    return `quality gates ${run.passed ? 'passed' : 'failed'}${gates ? ` (${gates})` : ' (no gates)'}`;
}
