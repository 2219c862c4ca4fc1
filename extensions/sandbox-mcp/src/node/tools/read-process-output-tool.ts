import { inject, injectable } from '@theia/core/shared/inversify';
import { ToolResultLine } from '../../common/tool-definitions';
import { readOutput } from '../command-output';
import { formatDuration, formatSize } from '../../common/formatting';
import { describeExit } from '../formatting';
import { ProcessRegistry } from '../process-registry';
import { SandboxTool } from '../sandbox-tool';
import { ToolError } from '../tool-error';
import { readProcessOutput, ReadProcessOutputArguments } from '../../common/tools/read-process-output';
import { toolResult } from '../tool-results';
import { findBackgroundProcess } from './find-background-process';

@injectable()
export class ReadProcessOutputTool implements SandboxTool<typeof readProcessOutput.inputSchema> {
    readonly definition = readProcessOutput;

    constructor(@inject(ProcessRegistry) private readonly registry: ProcessRegistry) { }

    async run(args: ReadProcessOutputArguments): Promise<ToolResultLine> {
        const command = findBackgroundProcess(this.registry, args.processId);
        const offset = args.offset ?? 0;
        const total = command.output.totalBytes;
        if (offset > total) {
            throw new ToolError(`offset ${offset} is past the end of the output of ${args.processId} (${total} bytes so far)`);
        }
        const running = command.running;
        const output = readOutput(command.output, offset, running);
        const state = running
            ? `${args.processId} is still running (${formatDuration(command.durationMs)})`
            : `${args.processId} finished: ${describeExit(command.exitStatus)} after ${formatDuration(command.durationMs)}`;
        const dropped = output.droppedBytes > 0
            ? `; ${formatSize(output.droppedBytes)} after offset ${offset} were dropped (only the last part of the output is kept)`
            : '';
        const body = output.text || '(no new output)';
        return toolResult(`${state}; output from offset ${output.from}, next offset ${output.nextOffset}${dropped}:\n${body}`, {
            processId: args.processId,
            running,
            exitCode: command.exitStatus.exitCode,
            signal: command.exitStatus.signal,
            output: output.text,
            offset: output.from,
            nextOffset: output.nextOffset,
            truncated: output.droppedBytes > 0,
            durationMs: command.durationMs
        });
    }
}
