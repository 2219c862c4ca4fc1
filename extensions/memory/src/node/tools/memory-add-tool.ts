import { inject, injectable } from '@theia/core/shared/inversify';
import { ToolResultLine } from '@ide/sandbox-mcp/lib/common/tool-definitions';
import { SandboxTool } from '@ide/sandbox-mcp/lib/node/sandbox-tool';
import { toolResult } from '@ide/sandbox-mcp/lib/node/tool-results';
import { MEMORY_DIR } from '../../common/memory-limits';
import { MemoryService } from '../../common/memory-protocol';
import { MemoryAuthor } from '../../common/memory-types';
import { memoryAdd, MemoryAddArguments } from '../../common/memory-tool-definitions';
import { describeEntry } from './memory-tool-text';

/** Entries written over MCP are an agent's; the gateway does not tell which agent. */
export const MCP_AGENT: MemoryAuthor = { kind: 'agent', name: 'mcp-agent' };

@injectable()
export class MemoryAddTool implements SandboxTool<typeof memoryAdd.inputSchema> {
    readonly definition = memoryAdd;

    constructor(@inject(MemoryService) private readonly memory: MemoryService) { }

    async run(args: MemoryAddArguments): Promise<ToolResultLine> {
        const entry = await this.memory.add(args, MCP_AGENT);
        const file = `${MEMORY_DIR}/${entry.id}.md`;
        return toolResult(`added ${entry.kind} ${JSON.stringify(entry.title)}\n${describeEntry(entry, file)}`, { entry, file });
    }
}
