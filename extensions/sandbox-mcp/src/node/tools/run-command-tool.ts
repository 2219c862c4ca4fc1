import { once } from 'events';
import { inject, injectable } from '@theia/core/shared/inversify';
import { DEFAULT_COMMAND_TIMEOUT_MS, MAX_COMMAND_OUTPUT_BYTES, ToolResultLine } from '../../common/tool-definitions';
import { CommandProcess } from '../command-process';
import { readOutput } from '../command-output';
import { formatDuration, formatSize } from '../../common/formatting';
import { describeExit } from '../formatting';
import { requireDirectory } from '../path-checks';
import { ProcessRegistry } from '../process-registry';
import { SandboxTool, ToolCallContext } from '../sandbox-tool';
import { runCommand, RunCommandArguments } from '../../common/tools/run-command';
import { toolErrorResult, toolResult } from '../tool-results';
import { WorkspacePaths } from '../workspace-paths';

const PROGRESS_INTERVAL_MS = 1000;
const PROGRESS_LINE_LENGTH = 200;

type Outcome = 'finished' | 'timed out' | 'cancelled';

@injectable()
export class RunCommandTool implements SandboxTool<typeof runCommand.inputSchema> {
    readonly definition = runCommand;

    constructor(
        @inject(WorkspacePaths) private readonly paths: WorkspacePaths,
        @inject(ProcessRegistry) private readonly registry: ProcessRegistry
    ) { }

    async run(args: RunCommandArguments, context: ToolCallContext): Promise<ToolResultLine> {
        const cwd = args.cwd === undefined ? await this.paths.resolveRoot() : await this.paths.resolve('cwd', args.cwd);
        await requireDirectory(cwd);
        const timeoutMs = args.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
        const command = await CommandProcess.start({ command: args.command, cwd: cwd.absolute, env: args.env ?? {} });

        let ticks = 0;
        const progress = setInterval(() => context.reportProgress(++ticks, Math.ceil(timeoutMs / 1000), progressMessage(command)),
            PROGRESS_INTERVAL_MS);
        let timeout: NodeJS.Timeout | undefined;
        const cancelled = context.signal.aborted ? Promise.resolve() : once(context.signal, 'abort');
        try {
            const outcome = await Promise.race<Outcome>([
                command.finished.then(() => 'finished'),
                new Promise(resolve => { timeout = setTimeout(() => resolve('timed out'), timeoutMs); }),
                cancelled.then(() => 'cancelled')
            ]);
            if (outcome === 'finished') {
                return finishedResult(command);
            }
            if (outcome === 'cancelled') {
                await command.kill();
                return toolErrorResult('cancelled: the command was killed');
            }
            return await this.moveToBackground(command, timeoutMs);
        } finally {
            clearInterval(progress);
            clearTimeout(timeout);
        }
    }

    private async moveToBackground(command: CommandProcess, timeoutMs: number): Promise<ToolResultLine> {
        const processId = this.registry.adopt(command);
        if (processId === undefined) {
            await command.kill();
            return toolErrorResult(`the command was still running after ${formatDuration(timeoutMs)} and was killed: ` +
                'too many background processes are kept already; stop some with kill_process');
        }
        const output = readOutput(command.output, 0, true);
        const text = `still running after ${formatDuration(command.durationMs)}; it continues in the background as ${processId}. ` +
            `Poll it with read_process_output {"processId": "${processId}", "offset": ${output.nextOffset}} ` +
            'and stop it with kill_process. Output so far' + (command.output.truncated ? ` (the last ${formatSize(MAX_COMMAND_OUTPUT_BYTES)})` : '') +
            `:\n${output.text}`;
        return toolResult(text, {
            processId,
            running: true,
            exitCode: null,
            signal: null,
            output: output.text,
            truncated: command.output.truncated,
            nextOffset: output.nextOffset,
            durationMs: command.durationMs
        });
    }
}

function finishedResult(command: CommandProcess): ToolResultLine {
    const exit = command.exitStatus;
    const output = readOutput(command.output, 0, false).text;
    const truncated = command.output.truncated;
    const cut = truncated
        ? `; output cut to the last ${formatSize(MAX_COMMAND_OUTPUT_BYTES)} of ${formatSize(command.output.totalBytes)}`
        : '';
    const header = `${describeExit(exit)} after ${formatDuration(command.durationMs)}${cut}`;
    return toolResult(output ? `${header}\n${output}` : `${header}, no output`, {
        exitCode: exit.exitCode,
        signal: exit.signal,
        output,
        truncated,
        durationMs: command.durationMs
    });
}

function progressMessage(command: CommandProcess): string {
    const last = command.output.lastLine(PROGRESS_LINE_LENGTH);
    return `running ${Math.round(command.durationMs / 1000)} s, ${formatSize(command.output.totalBytes)} output${last ? `: ${last}` : ''}`;
}
