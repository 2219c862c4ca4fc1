import { inject, injectable } from '@theia/core/shared/inversify';
import { ToolResultLine } from '@ide/sandbox-mcp/lib/common/tool-definitions';
import { SandboxTool } from '@ide/sandbox-mcp/lib/node/sandbox-tool';
import { ToolError } from '@ide/sandbox-mcp/lib/node/tool-error';
import { toolResult } from '@ide/sandbox-mcp/lib/node/tool-results';
import { AiTaskManager, TaskError } from '../ai-task-manager';
import { createTask, CreateTaskArguments } from '../../common/ai-task-tool-definitions';
import { describeSummary } from './task-tool-text';

@injectable()
export class CreateTaskTool implements SandboxTool<typeof createTask.inputSchema> {
    readonly definition = createTask;

    constructor(@inject(AiTaskManager) private readonly tasks: AiTaskManager) { }

    async run(args: CreateTaskArguments): Promise<ToolResultLine> {
        const task = await this.tasks.create({
            text: args.task, model: args.model, budgetUsd: args.budgetUsd,
            ...(args.maxTurns && { limits: { maxTurns: args.maxTurns } })
        }).catch(rethrowAsToolError);
        return toolResult(`created ${describeSummary(task)}\nFollow it with get_task {"taskId": "${task.id}"}.`, { taskId: task.id, task });
    }
}

export function rethrowAsToolError(error: unknown): never {
    throw error instanceof TaskError ? new ToolError(error.message) : error;
}
