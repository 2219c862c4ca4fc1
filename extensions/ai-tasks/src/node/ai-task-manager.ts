import { inject, injectable, optional } from '@theia/core/shared/inversify';
import { Event } from '@theia/core/lib/common/event';
import { MemoryService } from '@ide/memory/lib/common/memory-protocol';
import { QualityGateRunner } from '@ide/quality-gates/lib/node/quality-gate-runner';
import { ApplyRequest, ApplyResult, FileDecision, ModelStatus, NewTaskRequest, TaskDetail, TaskEvent, TaskGateRun, TaskSummary } from '../common/ai-task-types';
import { AiTasksSettings } from './ai-tasks-settings';
import { ModelGateway } from './model-gateway';
import { emptyUsage } from './model-pricing';
import { TaskBook } from './task-book';
import { GateRunner } from './task-gates';
import { TaskQueue } from './task-queue';
import { newTaskId, summaryOf } from './task-records';
import { validateTaskRequest } from './task-request';
import { TaskReview } from './task-review';
import { TaskRunner } from './task-runner';
import { TaskRuntime } from './task-runtime';

export { TaskError } from './task-runtime';

const STATUS_CACHE_MS = 15_000;

/**
 * The workspace's AI tasks, for the view, the MCP tools and the lifecycle: a new task is checked
 * (task-request), queued (TaskQueue), run in a scratch copy against the gateway's model proxy
 * (TaskRunner), reviewed and applied or rejected (TaskReview); TaskBook keeps every task's record
 * in `.ide/tasks/` and tells the clients.
 */
@injectable()
export class AiTaskManager {
    protected readonly gateway: ModelGateway;
    protected readonly book: TaskBook;
    protected readonly queue: TaskQueue;
    protected readonly runner: TaskRunner;
    protected readonly review: TaskReview;
    protected cachedStatus: { at: number; status: ModelStatus } | undefined;
    protected started: Promise<void> | undefined;

    constructor(
        @inject(AiTasksSettings) protected readonly settings: AiTasksSettings,
        @inject(QualityGateRunner) protected readonly gates: GateRunner,
        @inject(MemoryService) @optional() protected readonly memory?: MemoryService
    ) {
        this.gateway = new ModelGateway(settings.endpoint);
        this.book = new TaskBook(settings.workspaceRoot, settings.scratchBase, report => this.gateway.recordTask(report));
        this.runner = new TaskRunner({ book: this.book, settings, gateway: this.gateway, gates, memory: () => this.memory, modelStatus: () => this.modelStatus() });
        this.queue = new TaskQueue(this.book, settings.maxConcurrentTasks, task => this.runner.execute(task));
        this.review = new TaskReview({ book: this.book, runner: this.runner, queue: this.queue, workspaceRoot: settings.workspaceRoot, maxAutoFixRounds: settings.maxAutoFixRounds });
    }

    get onEvent(): Event<TaskEvent> {
        return this.book.onEvent;
    }

    /** Reads the task records; tasks that were running when the backend stopped are marked failed. */
    start(): Promise<void> {
        this.started ??= this.book.load().catch(error => console.error('[ai-tasks] could not read the task records', error));
        return this.started;
    }

    async dispose(): Promise<void> {
        const tasks = this.book.all();
        for (const task of tasks) {
            task.controller?.abort();
        }
        await Promise.all(tasks.map(task => task.work?.catch(() => undefined)));
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
        return this.book.all().map(task => summaryOf(task.detail)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    }

    async get(id: string): Promise<TaskDetail> {
        const task = await this.task(id);
        if (task.detail.status === 'awaiting review' && !task.work) {
            await this.book.refreshFiles(task);
        }
        return this.review.snapshot(task);
    }

    async create(request: NewTaskRequest): Promise<TaskSummary> {
        await this.start();
        const status = await this.modelStatus(true);
        const { text, model, budgetUsd, limits } = validateTaskRequest(request, status, this.settings.defaultLimits);
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
            limits,
            steps: [],
            files: [],
            workspaceRoot: this.settings.workspaceRoot,
            canAutoFix: false
        };
        this.book.add({ detail, messages: [{ role: 'user', content: text }] });
        this.queue.pump();
        return summaryOf(detail);
    }

    /** Queued and running tasks stop (stream aborted, commands killed); one awaiting review is discarded. */
    async cancel(id: string): Promise<TaskSummary> {
        const task = await this.task(id);
        const { status } = task.detail;
        if (status === 'queued' || status === 'awaiting review') {
            task.controller?.abort();
            await task.work?.catch(() => undefined);
            await this.book.finish(task, 'cancelled', status === 'queued' ? 'cancelled before it started' : 'cancelled during review');
        } else if (status === 'running') {
            task.detail.activity = 'cancelling';
            this.book.changed(task);
            task.controller?.abort();
            await task.toolbox?.killProcesses();
            await task.work?.catch(() => undefined);
        }
        return summaryOf(task.detail);
    }

    async setFileDecision(id: string, file: string, decision: FileDecision): Promise<TaskDetail> {
        await this.start();
        return this.review.setFileDecision(id, file, decision);
    }

    async overrideStale(id: string, file: string, override: boolean): Promise<TaskDetail> {
        await this.start();
        return this.review.overrideStale(id, file, override);
    }

    /** Re-applies the agent's change of a stale file on top of the workspace's current version. */
    async rebaseFile(id: string, file: string): Promise<TaskDetail> {
        await this.start();
        return this.review.rebaseFile(id, file);
    }

    async runGates(id: string): Promise<TaskGateRun> {
        await this.start();
        return this.review.runGates(id);
    }

    async autoFix(id: string): Promise<TaskSummary> {
        await this.start();
        return this.review.autoFix(id);
    }

    async apply(id: string, request: ApplyRequest = {}): Promise<ApplyResult> {
        await this.start();
        return this.review.apply(id, request);
    }

    async reject(id: string): Promise<TaskSummary> {
        await this.start();
        return this.review.reject(id);
    }

    protected async task(id: string): Promise<TaskRuntime> {
        await this.start();
        return this.book.get(id);
    }
}
