import { applyPatch, structuredPatch } from 'diff';
import { ApplyRequest, ApplyResult, FileDecision, isFinalStatus, TaskDetail, TaskGateRun, TaskSummary } from '../common/ai-task-types';
import { applyFile } from './apply-file';
import { TaskBook } from './task-book';
import { describeGateRun } from './task-gates';
import { autoFixPrompt } from './task-prompts';
import { TaskQueue } from './task-queue';
import { summaryOf } from './task-records';
import { TaskRunner } from './task-runner';
import { TaskError, TaskRuntime } from './task-runtime';

export interface TaskReviewOptions {
    book: TaskBook;
    runner: TaskRunner;
    queue: TaskQueue;
    workspaceRoot: string;
    maxAutoFixRounds: number;
}

/**
 * A finished task's change set under review: per-file decisions, stale files overridden or
 * re-based, the gates, an auto-fix round, Apply (gates first, then file by file) or Reject.
 */
export class TaskReview {
    constructor(protected readonly options: TaskReviewOptions) { }

    setFileDecision(id: string, file: string, decision: FileDecision): TaskDetail {
        const task = this.options.book.reviewable(id);
        this.options.book.file(task, file).decision = decision;
        this.options.book.changed(task);
        return this.snapshot(task);
    }

    overrideStale(id: string, file: string, override: boolean): TaskDetail {
        const { book } = this.options;
        const task = book.reviewable(id);
        const change = book.file(task, file);
        if (override) {
            change.overrideStale = true;
        } else {
            delete change.overrideStale;
        }
        book.changed(task);
        return this.snapshot(task);
    }

    /** Re-applies the agent's change of a stale file on top of the workspace's current version. */
    async rebaseFile(id: string, file: string): Promise<TaskDetail> {
        const { book } = this.options;
        const task = book.reviewable(id);
        const scratch = task.scratch!;
        await book.refreshFiles(task);
        const change = book.file(task, file);
        if (!change.stale) {
            return this.snapshot(task);
        }
        if (change.change !== 'deleted') {
            const base = change.change === 'added' ? '' : (await scratch.startContent(file))?.toString('utf8');
            const cannot = (error: Error) => new TaskError(`${file}: cannot re-base: ${error.message}`);
            const current = (await scratch.readWorkspaceFile(file).catch(() => undefined))?.toString('utf8');
            const proposed = (await scratch.readFile(file).catch(error => { throw cannot(error); })).toString('utf8');
            if (base === undefined || current === undefined) {
                throw new TaskError(`${file}: cannot re-base (its starting version is unknown); override it or reject it`);
            }
            const merged = applyPatch(current, structuredPatch(file, file, base, proposed));
            if (merged === false) {
                throw new TaskError(`${file}: the agent's change conflicts with the later change in the workspace; override it or reject it`);
            }
            await scratch.writeFile(file, merged).catch(error => { throw cannot(error); });
        }
        await scratch.acceptWorkspaceVersion(file);
        task.changes = await scratch.changes();
        await book.refreshFiles(task);
        task.detail.gateRun = undefined;
        book.addStep(task, { kind: 'info', text: `re-based ${file} on the workspace's current version` });
        book.changed(task);
        return this.snapshot(task);
    }

    runGates(id: string): Promise<TaskGateRun> {
        const task = this.options.book.reviewable(id);
        return this.exclusive(task, async () => {
            await this.options.book.refreshFiles(task);
            return this.options.runner.gatesOn(task, task.detail.files.filter(file => file.decision === 'accepted'));
        });
    }

    autoFix(id: string): TaskSummary {
        const { book, maxAutoFixRounds } = this.options;
        const task = book.reviewable(id);
        const run = task.detail.gateRun;
        if (!run || run.passed) {
            throw new TaskError('auto-fix needs a failed gate run: run the gates (or Apply) first');
        }
        if (task.detail.autoFixRounds >= maxAutoFixRounds) {
            throw new TaskError(`auto-fix is limited to ${maxAutoFixRounds} rounds`);
        }
        task.detail.autoFixRounds++;
        task.messages.push({ role: 'user', content: autoFixPrompt(run) });
        task.detail.gateRun = undefined;
        book.setStatus(task, 'running');
        book.addStep(task, { kind: 'info', text: `auto-fix round ${task.detail.autoFixRounds}: the gate failures were sent back to the agent` });
        this.options.queue.track(task, this.options.runner.runRound(task, true));
        return summaryOf(task.detail);
    }

    apply(id: string, request: ApplyRequest = {}): Promise<ApplyResult> {
        const { book } = this.options;
        const task = book.reviewable(id);
        return this.exclusive(task, async () => {
            await book.refreshFiles(task);
            const files = task.detail.files;
            const unknown = (request.files ?? []).concat(request.overrideStale ?? []).filter(file => !files.some(change => change.path === file));
            if (unknown.length) {
                throw new TaskError(`not in the change set: ${unknown.join(', ')}`);
            }
            const chosen = request.files ? files.filter(file => request.files!.includes(file.path)) : files.filter(file => file.decision === 'accepted');
            if (chosen.length === 0) {
                return this.refused(task, files.length ? 'no file is accepted: accept the files to apply, or reject the task' : 'the agent changed no files');
            }
            const overrides = new Set([...(request.overrideStale ?? []), ...files.filter(file => file.overrideStale).map(file => file.path)]);
            const stale = chosen.filter(file => file.stale && !overrides.has(file.path));
            if (stale.length) {
                return this.refused(task, `changed in the workspace since the task started (stale): ${stale.map(file => file.path).join(', ')}. ` +
                    'Re-base or override them, or reject them');
            }
            const gateRun = await this.options.runner.gatesOn(task, chosen);
            if (!gateRun.passed) {
                return { ...this.refused(task, `the quality gates failed: ${describeGateRun(gateRun)}`), gateRun };
            }
            task.detail.activity = 'applying';
            book.changed(task);
            const written: string[] = [];
            const refused: string[] = [];
            for (const file of chosen) {
                try {
                    if (!overrides.has(file.path) && await task.scratch!.isStale(file.path)) {
                        refused.push(`${file.path} (changed in the workspace meanwhile)`);
                        continue;
                    }
                    await applyFile(this.options.workspaceRoot, task.scratch!.root, file.path, file.change);
                    written.push(file.path);
                } catch (error) {
                    refused.push(`${file.path} (${error instanceof Error ? error.message : String(error)})`);
                }
            }
            task.detail.activity = undefined;
            if (written.length === 0) {
                return this.refused(task, `nothing was applied: ${refused.join('; ')}`);
            }
            book.addStep(task, { kind: 'info', text: `applied ${written.length} file${written.length === 1 ? '' : 's'}: ${written.join(', ')}` });
            await book.finish(task, 'applied', refused.length ? `not applied: ${refused.join('; ')}` : undefined);
            return { applied: true, files: written, gateRun, ...(refused.length && { reason: `not applied: ${refused.join('; ')}` }) };
        });
    }

    async reject(id: string): Promise<TaskSummary> {
        const task = this.options.book.get(id);
        if (task.detail.status !== 'awaiting review') {
            throw new TaskError(`task ${id} is ${task.detail.status}; only a task awaiting review can be rejected`);
        }
        await task.work?.catch(() => undefined);
        await this.options.book.finish(task, 'rejected', 'rejected by the user');
        return summaryOf(task.detail);
    }

    /** The task as a client sees it, with whether auto-fix is offered. */
    snapshot(task: TaskRuntime): TaskDetail {
        const detail = task.detail;
        return {
            ...summaryOf(detail),
            limits: { ...detail.limits },
            steps: detail.steps.map(step => ({ ...step })),
            files: detail.files.map(file => ({ ...file })),
            ...(detail.gateRun && { gateRun: detail.gateRun }),
            workspaceRoot: detail.workspaceRoot,
            ...(detail.scratchRoot && { scratchRoot: detail.scratchRoot }),
            ...(detail.emptyFile && { emptyFile: detail.emptyFile }),
            canAutoFix: detail.status === 'awaiting review' && !!detail.gateRun && !detail.gateRun.passed &&
                detail.autoFixRounds < this.options.maxAutoFixRounds
        };
    }

    /** One gate run or apply at a time per task. */
    protected async exclusive<T>(task: TaskRuntime, work: () => Promise<T>): Promise<T> {
        if (task.work) {
            throw new TaskError(`task ${task.detail.id} is busy (${task.detail.activity ?? task.detail.status})`);
        }
        const promise = work();
        task.work = promise;
        try {
            return await promise;
        } finally {
            if (task.work === promise) {
                task.work = undefined;
            }
            if (task.detail.activity && !isFinalStatus(task.detail.status)) {
                task.detail.activity = undefined;
                this.options.book.changed(task);
            }
        }
    }

    protected refused(task: TaskRuntime, reason: string): ApplyResult {
        this.options.book.addStep(task, { kind: 'error', text: `Apply refused: ${reason}` });
        task.detail.reason = reason;
        this.options.book.changed(task);
        return { applied: false, files: [], reason };
    }
}
