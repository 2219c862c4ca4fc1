import { inject, injectable } from '@theia/core/shared/inversify';
import { ToolResultLine } from '@ide/sandbox-mcp/lib/common/tool-definitions';
import { SandboxTool } from '@ide/sandbox-mcp/lib/node/sandbox-tool';
import { toolResult } from '@ide/sandbox-mcp/lib/node/tool-results';
import { MEMORY_DIR } from '../../common/memory-limits';
import { MemoryService } from '../../common/memory-protocol';
import { memoryUpdate, MemoryUpdateArguments } from '../../common/memory-tool-definitions';
import { describeEntry } from './memory-tool-text';

@injectable()
export class MemoryUpdateTool implements SandboxTool<typeof memoryUpdate.inputSchema> {
    readonly definition = memoryUpdate;

    constructor(@inject(MemoryService) private readonly memory: MemoryService) { }

    async run({ id, ...changes }: MemoryUpdateArguments): Promise<ToolResultLine> {
        const entry = await this.memory.update(id, changes);
        const file = `${MEMORY_DIR}/${entry.id}.md`;
        return toolResult(`updated ${Object.keys(changes).join(', ')} of ${entry.id}\n${describeEntry(entry, file)}`, { entry, file });
    }
}
