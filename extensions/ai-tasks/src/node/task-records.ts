import { randomBytes } from 'crypto';
import { TaskDetail, TaskGatesOutcome, TaskGateRun, TaskRecordFile, TaskSummary } from '../common/ai-task-types';
import { TaskReport } from '@ide/sandbox-contract';

/** Most diff characters kept per file in the record once the scratch copy is gone. */
const MAX_RECORDED_DIFF_CHARS = 64 * 1024;
/** Most steps kept in a record. */
export const MAX_RECORDED_STEPS = 2000;

export function newTaskId(now = new Date()): string {
    const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
    return `task-${stamp}-${randomBytes(3).toString('hex')}`;
}

export function gatesOutcome(run: TaskGateRun | undefined): TaskGatesOutcome {
    return run === undefined ? 'not-run' : run.passed ? 'pass' : 'fail';
}

export function durationOf(task: Pick<TaskSummary, 'createdAt' | 'startedAt' | 'endedAt'>, now = Date.now()): number {
    const start = Date.parse(task.startedAt ?? task.createdAt);
    const end = task.endedAt ? Date.parse(task.endedAt) : now;
    return Math.max(0, end - start);
}

export function summaryOf(task: TaskDetail): TaskSummary {
    return {
        id: task.id,
        text: task.text,
        model: task.model,
        budgetUsd: task.budgetUsd,
        status: task.status,
        ...(task.reason && { reason: task.reason }),
        ...(task.activity && { activity: task.activity }),
        user: task.user,
        createdAt: task.createdAt,
        ...(task.startedAt && { startedAt: task.startedAt }),
        ...(task.endedAt && { endedAt: task.endedAt }),
        durationMs: durationOf(task),
        usage: { ...task.usage },
        gates: gatesOutcome(task.gateRun),
        autoFixRounds: task.autoFixRounds,
        fileCount: task.files.length
    };
}

export function recordOf(task: TaskDetail): TaskRecordFile {
    const { scratchRoot: _scratch, emptyFile: _empty, canAutoFix: _canAutoFix, activity: _activity, ...rest } = task;
    return {
        ...rest,
        durationMs: durationOf(task),
        gates: gatesOutcome(task.gateRun),
        steps: task.steps.slice(-MAX_RECORDED_STEPS),
        files: task.files.map(file => ({
            ...file,
            diff: file.diff.length > MAX_RECORDED_DIFF_CHARS ? `${file.diff.slice(0, MAX_RECORDED_DIFF_CHARS)}\n… cut in the record\n` : file.diff
        })),
        ...(['applied', 'rejected', 'failed', 'cancelled'].includes(task.status) && { outcome: task.status })
    };
}

/** A record read back from `.ide/tasks/` as a task the manager holds. */
export function detailFromRecord(record: TaskRecordFile): TaskDetail {
    const { outcome: _outcome, ...rest } = record;
    return { ...rest, canAutoFix: false, steps: rest.steps ?? [], files: rest.files ?? [] };
}

export function reportOf(task: TaskDetail): TaskReport {
    return {
        taskId: task.id,
        text: task.text,
        model: task.model,
        turns: task.usage.turns,
        inputTokens: task.usage.inputTokens,
        outputTokens: task.usage.outputTokens,
        costUsd: task.usage.costUsd,
        gates: gatesOutcome(task.gateRun),
        durationMs: durationOf(task),
        outcome: task.status
    };
}
