import { injectable } from '@theia/core/shared/inversify';
import { Emitter } from '@theia/core/lib/common/event';
import { TaskEvent } from '../common/ai-task-types';
import { AiTasksClient } from '../common/ai-tasks-protocol';

/** Receives the backend's task events (status changes and streamed steps) and republishes them. */
@injectable()
export class AiTasksClientImpl implements AiTasksClient {
    protected readonly taskEventEmitter = new Emitter<TaskEvent>();
    readonly onDidReceiveTaskEvent = this.taskEventEmitter.event;

    onTaskEvent(event: TaskEvent): void {
        this.taskEventEmitter.fire(event);
    }
}
