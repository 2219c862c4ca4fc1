import { inject, injectable } from '@theia/core/shared/inversify';
import { ToolResultLine } from '../../common/tool-definitions';
import { formatDuration } from '../../common/formatting';
import { describeExit } from '../formatting';
import { ProcessRegistry } from '../process-registry';
import { SandboxTool } from '../sandbox-tool';
import { killProcess, KillProcessArguments } from '../../common/tools/kill-process';
import { toolResult } from '../tool-results';
import { findBackgroundProcess } from './find-background-process';

@injectable()
export class KillProcessTool implements SandboxTool<typeof killProcess.inputSchema> {
    readonly definition = killProcess;

    constructor(@inject(ProcessRegistry) private readonly registry: ProcessRegistry) { }

    async run(args: KillProcessArguments): Promise<ToolResultLine> {
        const command = findBackgroundProcess(this.registry, args.processId);
        const wasRunning = command.running;
        const exit = await command.kill();
        const outcome = `${describeExit(exit)} after ${formatDuration(command.durationMs)}`;
        const text = wasRunning ? `killed ${args.processId}: ${outcome}` : `${args.processId} had already finished: ${outcome}`;
        return toolResult(text, {
            processId: args.processId,
            running: false,
            exitCode: exit.exitCode,
            signal: exit.signal,
            nextOffset: command.output.totalBytes,
            durationMs: command.durationMs
        });
    }
}
