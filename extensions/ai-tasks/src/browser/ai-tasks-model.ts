import { inject, injectable, postConstruct } from '@theia/core/shared/inversify';
import { Emitter } from '@theia/core/lib/common/event';
import { DisposableCollection } from '@theia/core/lib/common/disposable';
import {
    ApplyResult, FileDecision, ModelStatus, NewTaskRequest, TaskDetail, TaskEvent, TaskStep, TaskSummary
} from '../common/ai-task-types';
import { AiTasksService } from '../common/ai-tasks-protocol';
import { FileService } from '@theia/filesystem/lib/browser/file-service';
import { AiTasksClientImpl } from './ai-tasks-client';

const REFRESH_DELAY_MS = 150;

/** The Tasks view's state: model status, the task list, the selected task with its live steps. */
@injectable()
export class AiTasksModel {
    @inject(AiTasksService) protected readonly service!: AiTasksService;
    @inject(AiTasksClientImpl) protected readonly client!: AiTasksClientImpl;
    @inject(FileService) protected readonly fileService!: FileService;

    protected readonly changeEmitter = new Emitter<void>();
    readonly onDidChange = this.changeEmitter.event;
    protected readonly toDispose = new DisposableCollection(this.changeEmitter);

    status: ModelStatus | undefined;
    tasks: TaskSummary[] = [];
    selected: TaskDetail | undefined;
    /** The last refusal or failure of an action, for the view to show. */
    message: { kind: 'error' | 'info'; text: string } | undefined;
    /** An action is running (start, apply…), by name. */
    busy: string | undefined;
    loading = true;

    protected initialized: Promise<void> | undefined;
    protected refreshTimer: ReturnType<typeof setTimeout> | undefined;

    @postConstruct()
    protected init(): void {
        this.toDispose.push(this.client.onDidReceiveTaskEvent(event => this.onTaskEvent(event)));
        // a file edited in the workspace during review may make a proposed change stale
        this.toDispose.push(this.fileService.onDidFilesChange(() => {
            if (this.selected?.status === 'awaiting review') {
                this.scheduleRefresh();
            }
        }));
    }

    initialize(): Promise<void> {
        this.initialized ??= this.reload().finally(() => {
            this.loading = false;
            this.fire();
        });
        return this.initialized;
    }

    async reload(): Promise<void> {
        try {
            const [status, tasks] = await Promise.all([this.service.modelStatus(), this.service.listTasks()]);
            this.status = status;
            this.tasks = tasks;
            if (!this.selected && tasks.length) {
                await this.select(tasks[0].id);
            }
        } catch (error) {
            this.message = { kind: 'error', text: messageOf(error) };
        }
        this.fire();
    }

    async select(id: string): Promise<void> {
        try {
            this.selected = await this.service.getTask(id);
        } catch (error) {
            this.message = { kind: 'error', text: messageOf(error) };
        }
        this.fire();
    }

    async start(request: NewTaskRequest): Promise<boolean> {
        return this.run('start', async () => {
            const task = await this.service.createTask(request);
            this.upsert(task);
            await this.select(task.id);
        });
    }

    cancel(id: string): Promise<boolean> {
        return this.run('cancel', () => this.service.cancelTask(id));
    }

    reject(id: string): Promise<boolean> {
        return this.run('reject', () => this.service.rejectTask(id));
    }

    autoFix(id: string): Promise<boolean> {
        return this.run('auto-fix', () => this.service.autoFix(id));
    }

    runGates(id: string): Promise<boolean> {
        return this.run('gates', async () => {
            const run = await this.service.runGates(id);
            this.message = { kind: run.passed ? 'info' : 'error', text: run.passed ? 'The quality gates pass.' : 'The quality gates failed: see below.' };
        });
    }

    apply(id: string): Promise<boolean> {
        return this.run('apply', async () => {
            const result: ApplyResult = await this.service.applyTask(id);
            this.message = result.applied
                ? { kind: 'info', text: `Applied ${result.files.join(', ')}${result.reason ? `; ${result.reason}` : ''}` }
                : { kind: 'error', text: `Not applied: ${result.reason}` };
        });
    }

    setDecision(id: string, path: string, decision: FileDecision): Promise<boolean> {
        return this.run('decide', async () => {
            this.selected = await this.service.setFileDecision(id, path, decision);
        });
    }

    overrideStale(id: string, path: string, override: boolean): Promise<boolean> {
        return this.run('override', async () => {
            this.selected = await this.service.overrideStale(id, path, override);
        });
    }

    rebase(id: string, path: string): Promise<boolean> {
        return this.run('rebase', async () => {
            this.selected = await this.service.rebaseFile(id, path);
        });
    }

    dismissMessage(): void {
        this.message = undefined;
        this.fire();
    }

    get anyRunning(): boolean {
        return this.tasks.some(task => task.status === 'running' || task.status === 'queued');
    }

    dispose(): void {
        this.toDispose.dispose();
    }

    protected async run(name: string, action: () => Promise<unknown>): Promise<boolean> {
        this.busy = name;
        this.message = undefined;
        this.fire();
        try {
            await action();
            if (this.selected) {
                await this.select(this.selected.id);
            }
            return true;
        } catch (error) {
            this.message = { kind: 'error', text: messageOf(error) };
            return false;
        } finally {
            this.busy = undefined;
            this.fire();
        }
    }

    protected onTaskEvent(event: TaskEvent): void {
        if (event.type === 'task-changed') {
            const before = this.tasks.find(task => task.id === event.task.id);
            this.upsert(event.task);
            const selected = this.selected;
            if (selected?.id === event.task.id) {
                const needsDetail = !before || before.status !== event.task.status || before.gates !== event.task.gates ||
                    before.fileCount !== event.task.fileCount || selected.status !== event.task.status;
                Object.assign(selected, { ...event.task, steps: selected.steps });
                if (needsDetail) {
                    this.scheduleRefresh();
                }
            }
        } else if (this.selected?.id === event.taskId) {
            upsertStep(this.selected.steps, event.step);
        }
        this.fire();
    }

    protected upsert(task: TaskSummary): void {
        const index = this.tasks.findIndex(candidate => candidate.id === task.id);
        if (index >= 0) {
            this.tasks[index] = task;
        } else {
            this.tasks.unshift(task);
        }
    }

    protected scheduleRefresh(): void {
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => {
            if (this.selected) {
                this.service.getTask(this.selected.id).then(detail => {
                    if (this.selected?.id === detail.id) {
                        this.selected = detail;
                        this.fire();
                    }
                }, error => console.warn('ai-tasks: could not refresh the task', error));
            }
        }, REFRESH_DELAY_MS);
    }

    protected fire(): void {
        this.changeEmitter.fire();
    }
}

function upsertStep(steps: TaskStep[], step: TaskStep): void {
    const index = steps.findIndex(candidate => candidate.id === step.id);
    if (index >= 0) {
        steps[index] = step;
    } else {
        steps.push(step);
    }
}

export function messageOf(error: unknown): string {
    const text = error instanceof Error ? error.message : String(error);
    // JSON-RPC errors carry the backend's message after a prefix
    return text.replace(/^Request '\w+' failed\s*/, '').replace(/^Error: /, '');
}
