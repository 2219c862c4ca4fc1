import { inject, injectable } from '@theia/core/shared/inversify';
import { ToolResultLine } from '@ide/sandbox-mcp/lib/common/tool-definitions';
import { SandboxTool } from '@ide/sandbox-mcp/lib/node/sandbox-tool';
import { toolResult } from '@ide/sandbox-mcp/lib/node/tool-results';
import { MEMORY_DIR } from '../../common/memory-limits';
import { MemoryService } from '../../common/memory-protocol';
import { memoryDelete, MemoryDeleteArguments } from '../../common/memory-tool-definitions';

@injectable()
export class MemoryDeleteTool implements SandboxTool<typeof memoryDelete.inputSchema> {
    readonly definition = memoryDelete;

    constructor(@inject(MemoryService) private readonly memory: MemoryService) { }

    async run({ id }: MemoryDeleteArguments): Promise<ToolResultLine> {
        const entry = await this.memory.get(id).catch(() => undefined);
        await this.memory.delete(id);
        const file = `${MEMORY_DIR}/${id}.md`;
        return toolResult(`deleted ${id}${entry ? ` (${entry.kind} ${JSON.stringify(entry.title)})` : ''}, file ${file}`, { id, file });
    }
}
