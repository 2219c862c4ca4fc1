import * as path from 'path';
import { inject, injectable } from '@theia/core/shared/inversify';
import { ToolResultLine } from '@ide/sandbox-mcp/lib/common/tool-definitions';
import { SandboxTool, ToolCallContext } from '@ide/sandbox-mcp/lib/node/sandbox-tool';
import { ToolError } from '@ide/sandbox-mcp/lib/node/tool-error';
import { toolErrorResult, toolResult } from '@ide/sandbox-mcp/lib/node/tool-results';
import { runQualityGates, RunQualityGatesArguments } from '../common/quality-gate-tool-definitions';
import { QualityGateConfigError } from './gates-config';
import { QualityGateRunner } from './quality-gate-runner';
import { gateRunStructuredContent, gateRunSummary } from './run-summary';

/** `run_quality_gates`: runs the workspace's gates and reports progress as each gate finishes. */
@injectable()
export class RunQualityGatesTool implements SandboxTool<typeof runQualityGates.inputSchema> {
    readonly definition = runQualityGates;

    constructor(@inject(QualityGateRunner) private readonly runner: QualityGateRunner) { }

    async run(args: RunQualityGatesArguments, context: ToolCallContext): Promise<ToolResultLine> {
        const root = this.runner.workspaceRoot;
        const changedFiles = args.changedFiles?.map(file => insideRoot(root, file));
        let finished = 0;
        let total: number | undefined;
        try {
            const result = await this.runner.run({ root, gates: args.gates, changedFiles, baseRef: args.baseRef }, {
                signal: context.signal,
                onProgress: event => {
                    if (event.type === 'run-started') {
                        total = event.gates.length;
                        context.reportProgress(0, total, `running ${event.gates.map(gate => gate.name).join(', ') || 'no gates'}`);
                    } else if (event.type === 'gate-finished') {
                        const { gate, status, findings, reason } = event.result;
                        context.reportProgress(++finished, total, `${gate}: ${status}` +
                            (findings.length ? ` (${findings.length} finding${findings.length === 1 ? '' : 's'})` : reason ? ` (${reason})` : ''));
                    }
                }
            });
            if (context.signal.aborted) {
                return toolErrorResult('cancelled: the running gates were stopped');
            }
            return toolResult(gateRunSummary(result), gateRunStructuredContent(result));
        } catch (error) {
            if (error instanceof QualityGateConfigError) {
                return toolErrorResult(error.message);
            }
            throw error;
        }
    }
}

/** changedFiles entries are relative to the workspace (or absolute inside it); returned relative. */
function insideRoot(root: string, file: string): string {
    const relative = path.relative(root, path.resolve(root, file));
    if (file.includes('\0') || relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
        throw new ToolError(`changedFiles: ${JSON.stringify(file)} is not a file inside the workspace ${root}`);
    }
    return relative.split(path.sep).join('/');
}
