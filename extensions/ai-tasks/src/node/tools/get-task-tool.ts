import { inject, injectable } from '@theia/core/shared/inversify';
import { ToolResultLine } from '@ide/sandbox-mcp/lib/common/tool-definitions';
import { SandboxTool } from '@ide/sandbox-mcp/lib/node/sandbox-tool';
import { toolResult } from '@ide/sandbox-mcp/lib/node/tool-results';
import { AiTaskManager } from '../ai-task-manager';
import { getTask, GetTaskArguments } from '../../common/ai-task-tool-definitions';
import { rethrowAsToolError } from './create-task-tool';
import { describeDetail, describeSummary } from './task-tool-text';

const DEFAULT_STEPS = 20;

@injectable()
export class GetTaskTool implements SandboxTool<typeof getTask.inputSchema> {
    readonly definition = getTask;

    constructor(@inject(AiTaskManager) private readonly tasks: AiTaskManager) { }

    async run(args: GetTaskArguments): Promise<ToolResultLine> {
        if (args.taskId === undefined) {
            const tasks = await this.tasks.list();
            return toolResult(tasks.length ? tasks.map(describeSummary).join('\n') : 'no tasks yet', { tasks });
        }
        const task = await this.tasks.get(args.taskId).catch(rethrowAsToolError);
        const steps = args.steps ?? DEFAULT_STEPS;
        const includeDiff = args.includeDiff ?? true;
        const { scratchRoot: _scratch, emptyFile: _empty, ...rest } = task;
        return toolResult(describeDetail(task, steps, includeDiff), {
            task: {
                ...rest,
                steps: steps > 0 ? task.steps.slice(-steps) : [],
                files: includeDiff ? task.files : task.files.map(({ diff: _diff, ...file }) => file)
            }
        });
    }
}
