import { inject, injectable, postConstruct } from '@theia/core/shared/inversify';
import URI from '@theia/core/lib/common/uri';
import { DiffUris } from '@theia/core/lib/browser/diff-uris';
import { open, OpenerService } from '@theia/core/lib/browser/opener-service';
import { Widget } from '@theia/core/lib/browser/widgets/widget';
import { isFinalStatus, TaskDetail, TaskFileChange } from '../common/ai-task-types';
import { AiTasksClientImpl } from './ai-tasks-client';

/**
 * Opens a proposed change in Theia's diff editor: the workspace file on the left, the agent's
 * version in the scratch copy on the right (an empty file stands in for the missing side of an
 * added or deleted file). The diffs of a task are closed when it ends, as its scratch copy goes.
 */
@injectable()
export class TaskDiffOpener {
    @inject(OpenerService) protected readonly openerService!: OpenerService;
    @inject(AiTasksClientImpl) protected readonly client!: AiTasksClientImpl;

    protected readonly openDiffs = new Map<string, Widget[]>();

    @postConstruct()
    protected init(): void {
        this.client.onDidReceiveTaskEvent(event => {
            if (event.type === 'task-changed' && isFinalStatus(event.task.status)) {
                this.closeDiffs(event.task.id);
            }
        });
    }

    async openDiff(task: TaskDetail, file: TaskFileChange): Promise<void> {
        if (!task.scratchRoot || !task.emptyFile) {
            throw new Error('the task has ended: its scratch copy is gone, only the recorded diff remains');
        }
        const workspaceFile = URI.fromFilePath(joinPath(task.workspaceRoot, file.path));
        const proposedFile = URI.fromFilePath(joinPath(task.scratchRoot, file.path));
        const empty = URI.fromFilePath(task.emptyFile);
        const left = file.change === 'added' ? empty : workspaceFile;
        const right = file.change === 'deleted' ? empty : proposedFile;
        const widget = await open(this.openerService, DiffUris.encode(left, right, `${file.path} (AI task: ${file.change})`));
        if (widget instanceof Widget) {
            this.openDiffs.set(task.id, [...(this.openDiffs.get(task.id) ?? []).filter(other => other !== widget), widget]);
        }
    }

    async openWorkspaceFile(task: TaskDetail, relativePath: string): Promise<void> {
        await open(this.openerService, URI.fromFilePath(joinPath(task.workspaceRoot, relativePath)));
    }

    closeDiffs(taskId: string): void {
        for (const widget of this.openDiffs.get(taskId) ?? []) {
            if (!widget.isDisposed) {
                widget.close();
            }
        }
        this.openDiffs.delete(taskId);
    }
}

function joinPath(root: string, relative: string): string {
    return `${root.replace(/\/+$/, '')}/${relative}`;
}
