import { inject, injectable } from '@theia/core/shared/inversify';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { AiTaskManager } from './ai-task-manager';

/** Reads the task records when the backend starts; stops running tasks when it stops. */
@injectable()
export class AiTasksLifecycle implements BackendApplicationContribution {
    @inject(AiTaskManager) protected readonly tasks!: AiTaskManager;

    onStart(): void {
        this.tasks.start();
    }

    onStop(): void {
        this.tasks.dispose().catch(error => console.error('[ai-tasks] stopping the tasks failed', error));
    }
}
