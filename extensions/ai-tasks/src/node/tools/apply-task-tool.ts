import { inject, injectable } from '@theia/core/shared/inversify';
import { ToolResultLine } from '@ide/sandbox-mcp/lib/common/tool-definitions';
import { SandboxTool } from '@ide/sandbox-mcp/lib/node/sandbox-tool';
import { toolErrorResult, toolResult } from '@ide/sandbox-mcp/lib/node/tool-results';
import { AiTaskManager } from '../ai-task-manager';
import { applyTask, ApplyTaskArguments } from '../../common/ai-task-tool-definitions';
import { describeGateRun } from '../task-gates';
import { rethrowAsToolError } from './create-task-tool';

@injectable()
export class ApplyTaskTool implements SandboxTool<typeof applyTask.inputSchema> {
    readonly definition = applyTask;

    constructor(@inject(AiTaskManager) private readonly tasks: AiTaskManager) { }

    async run(args: ApplyTaskArguments): Promise<ToolResultLine> {
        const result = await this.tasks.apply(args.taskId, { files: args.files, overrideStale: args.overrideStale }).catch(rethrowAsToolError);
        const gates = result.gateRun ? `\n${describeGateRun(result.gateRun)}` : '';
        if (!result.applied) {
            const failures = result.gateRun?.gates.filter(gate => gate.status === 'fail' || gate.status === 'error')
                .map(gate => `\n${gate.gate}: ${gate.status}${gate.reason ? ` (${gate.reason})` : ''}${gate.findings.map(finding => `\n  ${finding}`).join('')}${gate.log ? `\n${gate.log}` : ''}`)
                .join('') ?? '';
            return { ...toolErrorResult(`not applied: ${result.reason}${failures}`), structuredContent: { ...result } };
        }
        return toolResult(`applied ${result.files.length} file${result.files.length === 1 ? '' : 's'}: ${result.files.join(', ')}` +
            `${result.reason ? `\n${result.reason}` : ''}${gates}`, { ...result });
    }
}
