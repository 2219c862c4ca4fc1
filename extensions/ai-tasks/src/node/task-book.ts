import * as fs from 'fs/promises';
import * as path from 'path';
import { Emitter, Event } from '@theia/core/lib/common/event';
import { TaskReport } from '@ide/sandbox-contract';
import { isFinalStatus, TASK_ID_PATTERN, TaskDetail, TaskEvent, TaskFileChange, TaskStatus } from '../common/ai-task-types';
import { NewStep, StepSink } from './agent-loop';
import { describeChangeSet } from './change-set';
import { detailFromRecord, recordOf, reportOf, summaryOf } from './task-records';
import { TaskError, TaskRuntime } from './task-runtime';
import { TaskStore } from './task-store';

const SAVE_DELAY_MS = 500;

/**
 * The workspace's tasks and their records: what clients are told (onEvent), what is kept in
 * `.ide/tasks/` (at once on a status change, soon after a step), and how a task ends.
 */
export class TaskBook {
    protected readonly eventEmitter = new Emitter<TaskEvent>();
    readonly onEvent: Event<TaskEvent> = this.eventEmitter.event;
    protected readonly tasks = new Map<string, TaskRuntime>();
    protected readonly store: TaskStore;

    constructor(workspaceRoot: string, protected readonly scratchBase: string, protected readonly report: (report: TaskReport) => Promise<void>) {
        this.store = new TaskStore(workspaceRoot);
    }

    all(): TaskRuntime[] {
        return [...this.tasks.values()];
    }

    add(task: TaskRuntime): void {
        this.tasks.set(task.detail.id, task);
        this.changed(task, true);
    }

    get(id: string): TaskRuntime {
        const task = TASK_ID_PATTERN.test(id) ? this.tasks.get(id) : undefined;
        if (!task) {
            throw new TaskError(`no task ${JSON.stringify(id)}`);
        }
        return task;
    }

    reviewable(id: string): TaskRuntime {
        const task = this.get(id);
        if (task.detail.status !== 'awaiting review' || !task.scratch) {
            throw new TaskError(`task ${id} is ${task.detail.status}, not awaiting review`);
        }
        return task;
    }

    file(task: TaskRuntime, file: string): TaskFileChange {
        const change = task.detail.files.find(candidate => candidate.path === file);
        if (!change) {
            throw new TaskError(`${file} is not in the change set of task ${task.detail.id}`);
        }
        return change;
    }

    async refreshFiles(task: TaskRuntime): Promise<void> {
        if (task.scratch && task.changes) {
            task.detail.files = await describeChangeSet(task.scratch, task.changes, task.detail.files);
            task.detail.fileCount = task.detail.files.length;
        }
    }

    setStatus(task: TaskRuntime, status: TaskStatus, reason?: string): void {
        task.detail.status = status;
        task.detail.reason = reason;
        this.changed(task, true);
    }

    /** Ends a task: recorded in the workspace and with the gateway, scratch copy removed. */
    async finish(task: TaskRuntime, status: TaskStatus, reason?: string): Promise<void> {
        const { detail } = task;
        if (isFinalStatus(detail.status)) {
            return;
        }
        task.controller?.abort();
        detail.activity = undefined;
        detail.endedAt = new Date().toISOString();
        this.setStatus(task, status, reason);
        await task.toolbox?.killProcesses();
        await task.scratch?.remove().catch(error => console.error(`[ai-tasks] could not remove ${task.scratch?.root}`, error));
        if (detail.emptyFile) {
            await fs.rm(detail.emptyFile, { force: true });
        }
        task.scratch = undefined;
        task.toolbox = undefined;
        detail.scratchRoot = undefined;
        detail.emptyFile = undefined;
        await this.save(task);
        this.report(reportOf(detail)).catch(error =>
            console.warn(`[ai-tasks] the gateway did not take the record of ${detail.id}: ${error instanceof Error ? error.message : error}`));
    }

    stepSink(task: TaskRuntime): StepSink {
        return {
            add: step => this.addStep(task, step),
            update: (id, changes) => {
                const step = task.detail.steps.find(candidate => candidate.id === id);
                if (step) {
                    Object.assign(step, changes);
                    if (changes.streaming === false) {
                        delete step.streaming;
                    }
                    this.eventEmitter.fire({ type: 'step', taskId: task.detail.id, step: { ...step } });
                }
            }
        };
    }

    addStep(task: TaskRuntime, step: NewStep): number {
        const { detail } = task;
        const full = { ...step, id: (detail.steps[detail.steps.length - 1]?.id ?? 0) + 1, at: new Date().toISOString(), round: detail.autoFixRounds };
        detail.steps.push(full);
        this.eventEmitter.fire({ type: 'step', taskId: detail.id, step: { ...full } });
        this.scheduleSave(task);
        return full.id;
    }

    /** Tells the clients; saves the record now (status changes) or soon. */
    changed(task: TaskRuntime, saveNow = false, liveUsage?: TaskDetail['usage']): void {
        const summary = summaryOf(task.detail);
        if (liveUsage) {
            summary.usage = liveUsage;
        }
        summary.fileCount = task.detail.files.length;
        this.eventEmitter.fire({ type: 'task-changed', task: summary });
        if (saveNow) {
            this.save(task).catch(error => console.error(`[ai-tasks] could not record task ${task.detail.id}`, error));
        } else {
            this.scheduleSave(task);
        }
    }

    /** Reads the records; tasks that were running when the backend stopped are marked failed. */
    async load(): Promise<void> {
        for (const record of await this.store.loadAll()) {
            if (this.tasks.has(record.id)) {
                continue;
            }
            const task: TaskRuntime = { detail: detailFromRecord(record), messages: [] };
            this.tasks.set(record.id, task);
            if (!isFinalStatus(task.detail.status)) {
                const was = task.detail.status;
                await fs.rm(path.join(this.scratchBase, record.id), { recursive: true, force: true });
                await fs.rm(path.join(this.scratchBase, `${record.id}.empty`), { force: true });
                task.detail.scratchRoot = undefined;
                await this.finish(task, 'failed', `the IDE backend stopped while the task was ${was}`);
            }
        }
    }

    protected scheduleSave(task: TaskRuntime): void {
        task.saveTimer ??= setTimeout(() => {
            task.saveTimer = undefined;
            this.save(task).catch(error => console.error(`[ai-tasks] could not record task ${task.detail.id}`, error));
        }, SAVE_DELAY_MS);
    }

    protected async save(task: TaskRuntime): Promise<void> {
        clearTimeout(task.saveTimer);
        task.saveTimer = undefined;
        await this.store.save(recordOf(task.detail));
    }
}
