import { inject, injectable } from '@theia/core/shared/inversify';
import { ToolResultLine } from '@ide/sandbox-mcp/lib/common/tool-definitions';
import { SandboxTool } from '@ide/sandbox-mcp/lib/node/sandbox-tool';
import { toolResult } from '@ide/sandbox-mcp/lib/node/tool-results';
import { AiTaskManager } from '../ai-task-manager';
import { cancelTask, CancelTaskArguments } from '../../common/ai-task-tool-definitions';
import { rethrowAsToolError } from './create-task-tool';
import { describeSummary } from './task-tool-text';

@injectable()
export class CancelTaskTool implements SandboxTool<typeof cancelTask.inputSchema> {
    readonly definition = cancelTask;

    constructor(@inject(AiTaskManager) private readonly tasks: AiTaskManager) { }

    async run(args: CancelTaskArguments): Promise<ToolResultLine> {
        const task = await this.tasks.cancel(args.taskId).catch(rethrowAsToolError);
        return toolResult(describeSummary(task), { task });
    }
}
