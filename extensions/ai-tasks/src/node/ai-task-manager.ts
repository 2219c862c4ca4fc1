import * as fs from 'fs/promises';
import * as path from 'path';
import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { Emitter, Event } from '@theia/core/lib/common/event';
import { applyPatch, structuredPatch } from 'diff';
import { MemoryService } from '@ide/memory/lib/common/memory-protocol';
import { QualityGateRunner } from '@ide/quality-gates/lib/node/quality-gate-runner';
import {
    ApplyRequest, ApplyResult, FileDecision, isFinalStatus, ModelStatus, NewTaskRequest, TASK_ID_PATTERN, TaskDetail, TaskEvent,
    TaskFileChange, TaskGateRun, TaskStatus, TaskSummary
} from '../common/ai-task-types';
import { AgentOutcome, MessageParam, NewStep, runAgent, StepSink } from './agent-loop';
import { AiTasksSettings } from './ai-tasks-settings';
import { applyFile } from './apply-file';
import { describeChangeSet } from './change-set';
import { ModelGateway } from './model-gateway';
import { emptyUsage, formatUsd } from './model-pricing';
import { ScratchChange, ScratchCopy } from './scratch-copy';
import { autoFixPrompt, systemPrompt } from './task-prompts';
import { describeGateRun, GateRunner, runGatesOnProposal } from './task-gates';
import { detailFromRecord, newTaskId, recordOf, reportOf, summaryOf } from './task-records';
import { TaskStore } from './task-store';
import { TaskToolbox } from './task-toolbox';

/** A refusal the caller can act on (unknown task, wrong state, bad input). */
export class TaskError extends Error {
    override readonly name = 'TaskError';
}

const MAX_TASK_TEXT = 100_000;
const STATUS_CACHE_MS = 15_000;
const SAVE_DELAY_MS = 500;

interface TaskRuntime {
    detail: TaskDetail;
    messages: MessageParam[];
    scratch?: ScratchCopy;
    changes?: ScratchChange[];
    toolbox?: TaskToolbox;
    controller?: AbortController;
    /** The agent's current round, or the gates, or an apply. */
    work?: Promise<unknown>;
    saveTimer?: NodeJS.Timeout;
}

/**
 * Runs the workspace's AI tasks: queues them, copies the workspace, runs the agent against the
 * gateway's model proxy, keeps the change set, runs the gates, applies accepted files, and
 * records every task in `.ide/tasks/` and with the gateway.
 */
@injectable()
export class AiTaskManager {
    protected readonly eventEmitter = new Emitter<TaskEvent>();
    readonly onEvent: Event<TaskEvent> = this.eventEmitter.event;
    protected readonly tasks = new Map<string, TaskRuntime>();
    protected readonly gateway: ModelGateway;
    protected readonly store: TaskStore;
    protected cachedStatus: { at: number; status: ModelStatus } | undefined;
    protected started: Promise<void> | undefined;

    constructor(
        @inject(AiTasksSettings) protected readonly settings: AiTasksSettings,
        @inject(QualityGateRunner) protected readonly gates: GateRunner,
        @inject(MemoryService) @optional() protected readonly memory?: MemoryService
    ) {
        this.gateway = new ModelGateway(settings.endpoint);
        this.store = new TaskStore(settings.workspaceRoot);
    }

    /** Reads the task records; tasks that were running when the backend stopped are marked failed. */
    start(): Promise<void> {
        this.started ??= this.loadRecords().catch(error => console.error('[ai-tasks] could not read the task records', error));
        return this.started;
    }

    async dispose(): Promise<void> {
        for (const task of this.tasks.values()) {
            task.controller?.abort();
        }
        await Promise.all([...this.tasks.values()].map(task => task.work?.catch(() => undefined)));
        await this.gateway.close();
    }

    async modelStatus(fresh = false): Promise<ModelStatus> {
        if (!fresh && this.cachedStatus && Date.now() - this.cachedStatus.at < STATUS_CACHE_MS) {
            return this.cachedStatus.status;
        }
        let status = await this.gateway.status();
        const fallback = this.settings.fallbackStatus;
        if (!status.reachable && fallback) {
            status = { ...status, reachable: true, configured: true, error: undefined, ...fallback };
        }
        this.cachedStatus = { at: Date.now(), status };
        return status;
    }

    async list(): Promise<TaskSummary[]> {
        await this.start();
        return [...this.tasks.values()].map(task => summaryOf(task.detail))
            .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    }

    async get(id: string): Promise<TaskDetail> {
        const task = await this.task(id);
        if (task.detail.status === 'awaiting review' && !task.work) {
            await this.refreshFiles(task);
        }
        return this.snapshot(task);
    }

    async create(request: NewTaskRequest): Promise<TaskSummary> {
        await this.start();
        const text = (request.text ?? '').trim();
        if (!text) {
            throw new TaskError('describe the task first');
        }
        if (text.length > MAX_TASK_TEXT) {
            throw new TaskError(`the task text is longer than ${MAX_TASK_TEXT} characters`);
        }
        const status = await this.modelStatus(true);
        if (status.reachable && !status.configured) {
            throw new TaskError(`no model API key is configured on the gateway. ${status.howToConfigure ?? ''}`.trim());
        }
        const model = request.model || status.models[0];
        if (!model) {
            throw new TaskError(status.error ?? 'the gateway offers no model');
        }
        if (status.models.length > 0 && !status.models.includes(model)) {
            throw new TaskError(`model "${model}" is not offered by the gateway; choose one of: ${status.models.join(', ')}`);
        }
        const budgetUsd = request.budgetUsd ?? status.maxTaskBudgetUsd ?? 1;
        if (!Number.isFinite(budgetUsd) || budgetUsd <= 0) {
            throw new TaskError('the budget must be a positive number of US dollars');
        }
        if (status.maxTaskBudgetUsd !== undefined && budgetUsd > status.maxTaskBudgetUsd) {
            throw new TaskError(`the budget ${formatUsd(budgetUsd)} is over the gateway's maximum of ${formatUsd(status.maxTaskBudgetUsd)} per task`);
        }
        const defaults = this.settings.defaultLimits;
        const detail: TaskDetail = {
            id: newTaskId(),
            text,
            model,
            budgetUsd,
            status: 'queued',
            user: status.user ?? this.settings.user,
            createdAt: new Date().toISOString(),
            durationMs: 0,
            usage: emptyUsage(),
            gates: 'not-run',
            autoFixRounds: 0,
            fileCount: 0,
            limits: {
                maxTurns: positiveOr(request.limits?.maxTurns, defaults.maxTurns),
                maxTokens: positiveOr(request.limits?.maxTokens, defaults.maxTokens),
                wallTimeMs: positiveOr(request.limits?.wallTimeMs, defaults.wallTimeMs),
                maxCostUsd: budgetUsd
            },
            steps: [],
            files: [],
            workspaceRoot: this.settings.workspaceRoot,
            canAutoFix: false
        };
        const task: TaskRuntime = { detail, messages: [{ role: 'user', content: text }] };
        this.tasks.set(detail.id, task);
        this.changed(task, true);
        this.pump();
        return summaryOf(detail);
    }

    /** Queued and running tasks stop (stream aborted, commands killed); one awaiting review is discarded. */
    async cancel(id: string): Promise<TaskSummary> {
        const task = await this.task(id);
        const { status } = task.detail;
        if (status === 'queued' || status === 'awaiting review') {
            task.controller?.abort();
            await task.work?.catch(() => undefined);
            await this.finish(task, 'cancelled', status === 'queued' ? 'cancelled before it started' : 'cancelled during review');
        } else if (status === 'running') {
            task.detail.activity = 'cancelling';
            this.changed(task);
            task.controller?.abort();
            await task.toolbox?.killProcesses();
            await task.work?.catch(() => undefined);
        }
        return summaryOf(task.detail);
    }

    async setFileDecision(id: string, file: string, decision: FileDecision): Promise<TaskDetail> {
        const task = await this.reviewable(id);
        this.file(task, file).decision = decision;
        this.changed(task);
        return this.snapshot(task);
    }

    async overrideStale(id: string, file: string, override: boolean): Promise<TaskDetail> {
        const task = await this.reviewable(id);
        const change = this.file(task, file);
        if (override) {
            change.overrideStale = true;
        } else {
            delete change.overrideStale;
        }
        this.changed(task);
        return this.snapshot(task);
    }

    /** Re-applies the agent's change of a stale file on top of the workspace's current version. */
    async rebaseFile(id: string, file: string): Promise<TaskDetail> {
        const task = await this.reviewable(id);
        const scratch = task.scratch!;
        await this.refreshFiles(task);
        const change = this.file(task, file);
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
        await this.refreshFiles(task);
        task.detail.gateRun = undefined;
        this.addStep(task, { kind: 'info', text: `re-based ${file} on the workspace's current version` });
        this.changed(task);
        return this.snapshot(task);
    }

    async runGates(id: string): Promise<TaskGateRun> {
        const task = await this.reviewable(id);
        return this.exclusive(task, async () => {
            await this.refreshFiles(task);
            return this.gatesOn(task, task.detail.files.filter(file => file.decision === 'accepted'));
        });
    }

    async autoFix(id: string): Promise<TaskSummary> {
        const task = await this.reviewable(id);
        const run = task.detail.gateRun;
        if (!run || run.passed) {
            throw new TaskError('auto-fix needs a failed gate run: run the gates (or Apply) first');
        }
        if (task.detail.autoFixRounds >= this.settings.maxAutoFixRounds) {
            throw new TaskError(`auto-fix is limited to ${this.settings.maxAutoFixRounds} rounds`);
        }
        task.detail.autoFixRounds++;
        task.messages.push({ role: 'user', content: autoFixPrompt(run) });
        task.detail.gateRun = undefined;
        this.setStatus(task, 'running');
        this.addStep(task, { kind: 'info', text: `auto-fix round ${task.detail.autoFixRounds}: the gate failures were sent back to the agent` });
        this.track(task, this.runRound(task, true));
        return summaryOf(task.detail);
    }

    async apply(id: string, request: ApplyRequest = {}): Promise<ApplyResult> {
        const task = await this.reviewable(id);
        return this.exclusive(task, async () => {
            await this.refreshFiles(task);
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
            const gateRun = await this.gatesOn(task, chosen);
            if (!gateRun.passed) {
                return { ...this.refused(task, `the quality gates failed: ${describeGateRun(gateRun)}`), gateRun };
            }
            task.detail.activity = 'applying';
            this.changed(task);
            const written: string[] = [];
            const refused: string[] = [];
            for (const file of chosen) {
                try {
                    if (!overrides.has(file.path) && await task.scratch!.isStale(file.path)) {
                        refused.push(`${file.path} (changed in the workspace meanwhile)`);
                        continue;
                    }
                    await applyFile(this.settings.workspaceRoot, task.scratch!.root, file.path, file.change);
                    written.push(file.path);
                } catch (error) {
                    refused.push(`${file.path} (${error instanceof Error ? error.message : String(error)})`);
                }
            }
            task.detail.activity = undefined;
            if (written.length === 0) {
                return this.refused(task, `nothing was applied: ${refused.join('; ')}`);
            }
            this.addStep(task, { kind: 'info', text: `applied ${written.length} file${written.length === 1 ? '' : 's'}: ${written.join(', ')}` });
            await this.finish(task, 'applied', refused.length ? `not applied: ${refused.join('; ')}` : undefined);
            return { applied: true, files: written, gateRun, ...(refused.length && { reason: `not applied: ${refused.join('; ')}` }) };
        });
    }

    async reject(id: string): Promise<TaskSummary> {
        const task = await this.task(id);
        if (task.detail.status !== 'awaiting review') {
            throw new TaskError(`task ${id} is ${task.detail.status}; only a task awaiting review can be rejected`);
        }
        await task.work?.catch(() => undefined);
        await this.finish(task, 'rejected', 'rejected by the user');
        return summaryOf(task.detail);
    }

    // --- running ---

    protected pump(): void {
        const running = [...this.tasks.values()].filter(task => task.detail.status === 'running').length;
        const queued = [...this.tasks.values()].filter(task => task.detail.status === 'queued')
            .sort((a, b) => a.detail.createdAt.localeCompare(b.detail.createdAt));
        for (const task of queued.slice(0, Math.max(0, this.settings.maxConcurrentTasks - running))) {
            this.setStatus(task, 'running');
            task.detail.startedAt = new Date().toISOString();
            this.track(task, this.execute(task));
        }
    }

    /** The task's work in the background; when it ends, queued tasks may start. */
    protected track(task: TaskRuntime, work: Promise<void>): void {
        const tracked = work.catch(error => console.error(`[ai-tasks] task ${task.detail.id} failed`, error)).finally(() => {
            if (task.work === tracked) {
                task.work = undefined;
            }
            this.pump();
        });
        task.work = tracked;
    }

    protected async execute(task: TaskRuntime): Promise<void> {
        const { detail } = task;
        task.controller = new AbortController();
        try {
            detail.activity = 'copying the workspace';
            this.changed(task);
            const scratchRoot = path.join(this.settings.scratchBase, detail.id);
            task.scratch = await ScratchCopy.create(this.settings.workspaceRoot, scratchRoot);
            detail.scratchRoot = scratchRoot;
            detail.emptyFile = `${scratchRoot}.empty`;
            await fs.writeFile(detail.emptyFile, '');
            task.toolbox = new TaskToolbox(scratchRoot, this.settings.workspaceRoot, this.memory);
            this.addStep(task, { kind: 'info', text: `working in a scratch copy of ${task.scratch.startHashes.size} files with ${detail.model}` });
        } catch (error) {
            await this.finish(task, 'failed', `could not copy the workspace: ${error instanceof Error ? error.message : String(error)}`);
            return;
        }
        if (task.controller.signal.aborted) {
            await this.finish(task, 'cancelled', 'cancelled by the user');
            return;
        }
        await this.runRound(task, false);
    }

    protected async runRound(task: TaskRuntime, autoFix: boolean): Promise<void> {
        const { detail } = task;
        task.controller = new AbortController();
        detail.activity = 'thinking';
        this.changed(task);
        let outcome: AgentOutcome;
        try {
            const status = await this.modelStatus();
            outcome = await runAgent({
                client: this.gateway.client(detail.id, detail.budgetUsd),
                model: detail.model,
                system: systemPrompt(this.settings.workspaceRoot),
                tools: task.toolbox!,
                messages: task.messages,
                usage: detail.usage,
                price: status.pricesUsdPerMillionTokens[detail.model],
                limits: detail.limits,
                signal: task.controller.signal,
                steps: this.stepSink(task),
                onUsage: usage => {
                    detail.activity = 'thinking';
                    this.changed(task, false, usage);
                }
            });
        } catch (error) {
            outcome = { kind: 'failed', reason: `the agent crashed: ${error instanceof Error ? error.message : String(error)}` };
            console.error('[ai-tasks] agent loop failed', error);
        } finally {
            await task.toolbox?.killProcesses();
        }
        detail.activity = undefined;
        try {
            task.changes = await task.scratch!.changes();
            await this.refreshFiles(task);
        } catch (error) {
            console.error(`[ai-tasks] could not compute the change set of ${detail.id}`, error);
        }
        switch (outcome.kind) {
            case 'done':
                this.addStep(task, { kind: 'info', text: `the agent finished: ${detail.files.length} file${detail.files.length === 1 ? '' : 's'} changed` });
                this.setStatus(task, 'awaiting review', detail.files.length === 0 ? 'the agent changed no files' : undefined);
                if (autoFix && detail.files.length) {
                    await this.gatesOn(task, detail.files.filter(file => file.decision === 'accepted')).catch(() => undefined);
                }
                break;
            case 'cancelled':
                await this.finish(task, 'cancelled', 'cancelled by the user');
                break;
            case 'stopped':
            case 'failed':
                this.addStep(task, { kind: 'error', text: outcome.reason });
                await this.finish(task, 'failed', outcome.reason);
                break;
        }
    }

    protected async gatesOn(task: TaskRuntime, chosen: TaskFileChange[]): Promise<TaskGateRun> {
        task.detail.activity = 'running quality gates';
        this.changed(task);
        const run = await runGatesOnProposal(this.gates, task.scratch!, task.detail.files, chosen, task.controller?.signal);
        task.detail.gateRun = run;
        task.detail.activity = undefined;
        this.addStep(task, { kind: 'gates', text: describeGateRun(run), isError: !run.passed });
        this.changed(task);
        return run;
    }

    /** Ends a task: recorded in the workspace and with the gateway, scratch copy removed. */
    protected async finish(task: TaskRuntime, status: TaskStatus, reason?: string): Promise<void> {
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
        this.gateway.recordTask(reportOf(detail)).catch(error =>
            console.warn(`[ai-tasks] the gateway did not take the record of ${detail.id}: ${error instanceof Error ? error.message : error}`));
    }

    // --- state ---

    protected async task(id: string): Promise<TaskRuntime> {
        await this.start();
        const task = TASK_ID_PATTERN.test(id) ? this.tasks.get(id) : undefined;
        if (!task) {
            throw new TaskError(`no task ${JSON.stringify(id)}`);
        }
        return task;
    }

    protected async reviewable(id: string): Promise<TaskRuntime> {
        const task = await this.task(id);
        if (task.detail.status !== 'awaiting review' || !task.scratch) {
            throw new TaskError(`task ${id} is ${task.detail.status}, not awaiting review`);
        }
        return task;
    }

    protected file(task: TaskRuntime, file: string): TaskFileChange {
        const change = task.detail.files.find(candidate => candidate.path === file);
        if (!change) {
            throw new TaskError(`${file} is not in the change set of task ${task.detail.id}`);
        }
        return change;
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
                this.changed(task);
            }
        }
    }

    protected refused(task: TaskRuntime, reason: string): ApplyResult {
        this.addStep(task, { kind: 'error', text: `Apply refused: ${reason}` });
        task.detail.reason = reason;
        this.changed(task);
        return { applied: false, files: [], reason };
    }

    protected async refreshFiles(task: TaskRuntime): Promise<void> {
        if (task.scratch && task.changes) {
            task.detail.files = await describeChangeSet(task.scratch, task.changes, task.detail.files);
            task.detail.fileCount = task.detail.files.length;
        }
    }

    protected setStatus(task: TaskRuntime, status: TaskStatus, reason?: string): void {
        task.detail.status = status;
        task.detail.reason = reason;
        this.changed(task, true);
    }

    protected stepSink(task: TaskRuntime): StepSink {
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

    protected addStep(task: TaskRuntime, step: NewStep): number {
        const { detail } = task;
        const full = { ...step, id: (detail.steps[detail.steps.length - 1]?.id ?? 0) + 1, at: new Date().toISOString(), round: detail.autoFixRounds };
        detail.steps.push(full);
        this.eventEmitter.fire({ type: 'step', taskId: detail.id, step: { ...full } });
        this.scheduleSave(task);
        return full.id;
    }

    /** Tells the clients; saves the record now (status changes) or soon. */
    protected changed(task: TaskRuntime, saveNow = false, liveUsage?: TaskDetail['usage']): void {
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

    protected snapshot(task: TaskRuntime): TaskDetail {
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
                detail.autoFixRounds < this.settings.maxAutoFixRounds
        };
    }

    protected async loadRecords(): Promise<void> {
        for (const record of await this.store.loadAll()) {
            if (this.tasks.has(record.id)) {
                continue;
            }
            const task: TaskRuntime = { detail: detailFromRecord(record), messages: [] };
            this.tasks.set(record.id, task);
            if (!isFinalStatus(task.detail.status)) {
                const was = task.detail.status;
                await fs.rm(path.join(this.settings.scratchBase, record.id), { recursive: true, force: true });
                await fs.rm(path.join(this.settings.scratchBase, `${record.id}.empty`), { force: true });
                task.detail.scratchRoot = undefined;
                await this.finish(task, 'failed', `the IDE backend stopped while the task was ${was}`);
            }
        }
    }
}

function positiveOr(value: number | undefined, fallback: number): number {
    return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}
