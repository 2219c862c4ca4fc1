import { inject, injectable } from '@theia/core/shared/inversify';
import { Disposable } from '@theia/core/lib/common/disposable';
import {
    ApplyRequest, ApplyResult, FileDecision, ModelStatus, NewTaskRequest, TaskDetail, TaskGateRun, TaskSummary
} from '../common/ai-task-types';
import { AiTasksClient, AiTasksService } from '../common/ai-tasks-protocol';
import { AiTaskManager } from './ai-task-manager';

/** One per frontend connection: forwards the manager's events to that client. */
@injectable()
export class AiTasksServiceImpl implements AiTasksService, Disposable {
    @inject(AiTaskManager) protected readonly tasks!: AiTaskManager;
    protected subscription: Disposable | undefined;

    setClient(client: AiTasksClient): void {
        this.subscription?.dispose();
        this.subscription = this.tasks.onEvent(event => {
            try {
                client.onTaskEvent(event);
            } catch (error) {
                console.warn('[ai-tasks] could not send an event to the view', error);
            }
        });
    }

    dispose(): void {
        this.subscription?.dispose();
        this.subscription = undefined;
    }

    modelStatus(): Promise<ModelStatus> {
        return this.tasks.modelStatus(true);
    }

    listTasks(): Promise<TaskSummary[]> {
        return this.tasks.list();
    }

    getTask(id: string): Promise<TaskDetail> {
        return this.tasks.get(id);
    }

    createTask(request: NewTaskRequest): Promise<TaskSummary> {
        return this.tasks.create(request);
    }

    cancelTask(id: string): Promise<TaskSummary> {
        return this.tasks.cancel(id);
    }

    setFileDecision(id: string, path: string, decision: FileDecision): Promise<TaskDetail> {
        return this.tasks.setFileDecision(id, path, decision);
    }

    overrideStale(id: string, path: string, override: boolean): Promise<TaskDetail> {
        return this.tasks.overrideStale(id, path, override);
    }

    rebaseFile(id: string, path: string): Promise<TaskDetail> {
        return this.tasks.rebaseFile(id, path);
    }

    runGates(id: string): Promise<TaskGateRun> {
        return this.tasks.runGates(id);
    }

    autoFix(id: string): Promise<TaskSummary> {
        return this.tasks.autoFix(id);
    }

    applyTask(id: string, request?: ApplyRequest): Promise<ApplyResult> {
        return this.tasks.apply(id, request);
    }

    rejectTask(id: string): Promise<TaskSummary> {
        return this.tasks.reject(id);
    }
}
