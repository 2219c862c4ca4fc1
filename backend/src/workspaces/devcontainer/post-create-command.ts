import { callSandboxTool } from '../../mcp/sandbox-tool-client.js';
import { MemoryBudget } from '../../limits/memory-budget.js';
import { Logger } from '../../log.js';
import { SandboxLink } from '../../sandbox-link/sandbox-link.js';
import { DevcontainerRecord } from '../../store/records.js';

/** How long a post-create command is waited for; longer ones go on in the sandbox, reported as still running. */
const POST_CREATE_WAIT_MS = 300_000;
const OUTPUT_TAIL = 2000;

/**
 * Runs a devcontainer.json's postCreateCommand once, after its workspace's first start, in the
 * sandbox (the tool executor's `run_command`: bash in /workspace, as the sandbox user), and
 * records how it went for the dashboard. Its failure does not stop the workspace.
 */
export class PostCreateCommands {
    constructor(
        private readonly record: (workspaceId: string, postCreate: NonNullable<DevcontainerRecord['postCreate']>) => Promise<void>,
        private readonly memory: MemoryBudget,
        private readonly log: Logger
    ) { }

    async run(workspaceId: string, command: string, link: SandboxLink): Promise<void> {
        await this.record(workspaceId, { state: 'running', at: new Date().toISOString() });
        try {
            const result = await callSandboxTool(link, 'run_command', { command, timeoutMs: POST_CREATE_WAIT_MS }, this.memory, {
                signal: AbortSignal.timeout(POST_CREATE_WAIT_MS + 30_000), onProgress: () => undefined
            });
            const outcome = result.structuredContent as { exitCode?: number | null; output?: string; running?: boolean } | undefined;
            const outputTail = (outcome?.output ?? '').slice(-OUTPUT_TAIL);
            const succeeded = !result.isError && outcome?.exitCode === 0;
            await this.record(workspaceId, {
                state: succeeded || outcome?.running ? (outcome?.running ? 'running' : 'succeeded') : 'failed',
                exitCode: outcome?.exitCode ?? null,
                outputTail: outputTail || textOf(result.content),
                at: new Date().toISOString()
            });
            this.log.info({ workspaceId, exitCode: outcome?.exitCode }, 'postCreateCommand finished');
        } catch (error) {
            await this.record(workspaceId, { state: 'failed', outputTail: (error as Error).message, at: new Date().toISOString() });
        }
    }
}

function textOf(content: unknown): string {
    return Array.isArray(content) ? content.map(part => (part as { text?: string }).text ?? '').join('\n').slice(-OUTPUT_TAIL) : '';
}
