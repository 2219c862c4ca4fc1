import '@theia/core/shared/reflect-metadata';
import * as path from 'path';
import { Container, injectable } from '@theia/core/shared/inversify';
import type Anthropic from '@anthropic-ai/sdk';
import { toolInputJsonSchema } from '@ide/sandbox-mcp/lib/common/tool-definitions';
import { bindSandboxTools } from '@ide/sandbox-mcp/lib/node/bind-sandbox-tools';
import { CommandProcess } from '@ide/sandbox-mcp/lib/node/command-process';
import { ProcessRegistry } from '@ide/sandbox-mcp/lib/node/process-registry';
import { SandboxTool } from '@ide/sandbox-mcp/lib/node/sandbox-tool';
import { ToolExecutor } from '@ide/sandbox-mcp/lib/node/tool-executor';
import { SANDBOX_TOOL_HANDLERS } from '@ide/sandbox-mcp/lib/node/sandbox-tool-handlers';
import { WorkspacePaths } from '@ide/sandbox-mcp/lib/node/workspace-paths';
import { MemoryService } from '@ide/memory/lib/common/memory-protocol';
import { MemorySearchTool } from '@ide/memory/lib/node/tools/memory-search-tool';

/** Most tool output characters sent back to the model per call (head and tail kept). */
export const MAX_TOOL_RESULT_CHARS = 40_000;

/** Remembers the commands moved to the background so that cancelling the task can kill them too. */
@injectable()
export class TaskProcessRegistry extends ProcessRegistry {
    protected readonly adopted: CommandProcess[] = [];

    override adopt(command: CommandProcess): string | undefined {
        const id = super.adopt(command);
        if (id !== undefined) {
            this.adopted.push(command);
        }
        return id;
    }

    async killAll(): Promise<void> {
        await Promise.all(this.adopted.filter(command => command.running).map(command => command.kill()));
    }
}

export interface ToolOutcome {
    text: string;
    isError: boolean;
}

/**
 * The agent's tools for one task: sandbox-mcp's confined file and command tools with
 * WorkspacePaths bound to the task's scratch copy (a container of its own, so the agent cannot
 * reach the real workspace through them), plus memory_search over the project's memory.
 */
export class TaskToolbox {
    readonly definitions: Anthropic.Tool[];
    private readonly executor: ToolExecutor;
    private readonly processes: TaskProcessRegistry;

    constructor(readonly scratchRoot: string, readonly workspaceRoot: string, memory?: MemoryService) {
        const container = new Container();
        container.bind(WorkspacePaths).toConstantValue(new WorkspacePaths(scratchRoot));
        container.bind(TaskProcessRegistry).toSelf().inSingletonScope();
        container.bind(ProcessRegistry).toService(TaskProcessRegistry);
        const bind = container.bind.bind(container);
        bindSandboxTools(bind, SANDBOX_TOOL_HANDLERS);
        if (memory) {
            container.bind(MemoryService).toConstantValue(memory);
            bindSandboxTools(bind, [MemorySearchTool]);
        }
        container.bind(ToolExecutor).toSelf().inSingletonScope();
        this.executor = container.get(ToolExecutor);
        this.processes = container.get(TaskProcessRegistry);
        this.definitions = container.getAll<SandboxTool>(SandboxTool).map(({ definition }) => ({
            name: definition.name,
            description: definition.description,
            input_schema: toolInputJsonSchema(definition.inputSchema) as unknown as Anthropic.Tool.InputSchema
        }));
    }

    async execute(name: string, input: unknown, signal: AbortSignal, onProgress?: (message: string) => void): Promise<ToolOutcome> {
        const result = await this.executor.execute(name, this.intoScratch(input), {
            signal,
            reportProgress: (_progress, _total, message) => onProgress?.(message)
        });
        const text = result.content.map(content => content.text).join('\n');
        return { text: boundForModel(text), isError: result.isError };
    }

    /** Stops every command the agent left running in the background. */
    killProcesses(): Promise<void> {
        return this.processes.killAll();
    }

    /** Agents that know the workspace path may write it: such paths mean the same place in the scratch copy. */
    private intoScratch(input: unknown): unknown {
        if (!input || typeof input !== 'object' || Array.isArray(input)) {
            return input;
        }
        const copy: Record<string, unknown> = { ...input as Record<string, unknown> };
        for (const key of ['path', 'cwd']) {
            const value = copy[key];
            if (typeof value === 'string' && (value === this.workspaceRoot || value.startsWith(this.workspaceRoot + path.sep))) {
                copy[key] = path.relative(this.workspaceRoot, value) || '.';
            }
        }
        return copy;
    }
}

export function boundForModel(text: string, max = MAX_TOOL_RESULT_CHARS): string {
    if (text.length <= max) {
        return text;
    }
    const half = Math.floor(max / 2);
    return `${text.slice(0, half)}\n… ${text.length - max} characters cut …\n${text.slice(-half)}`;
}
