import { inject, injectable } from '@theia/core/shared/inversify';
import { ToolResultLine } from '@ide/sandbox-mcp/lib/common/tool-definitions';
import { SandboxTool } from '@ide/sandbox-mcp/lib/node/sandbox-tool';
import { toolResult } from '@ide/sandbox-mcp/lib/node/tool-results';
import { MemoryService } from '../../common/memory-protocol';
import { MemorySearchQuery } from '../../common/memory-types';
import { memorySearch, MemorySearchArguments } from '../../common/memory-tool-definitions';
import { describeHit, describeProblems } from './memory-tool-text';

@injectable()
export class MemorySearchTool implements SandboxTool<typeof memorySearch.inputSchema> {
    readonly definition = memorySearch;

    constructor(@inject(MemoryService) private readonly memory: MemoryService) { }

    async run(args: MemorySearchArguments): Promise<ToolResultLine> {
        const results = await this.memory.search(args as MemorySearchQuery);
        const problems = await this.memory.problems();
        const what = args.query.trim() ? `for ${JSON.stringify(args.query)}` : '(most recently updated entries)';
        const heading = results.total === 0 ? `no hits ${what}`
            : results.hits.length < results.total ? `${results.hits.length} of ${results.total} hits ${what}:`
                : `${results.total} hit${results.total === 1 ? '' : 's'} ${what}:`;
        const text = [heading, ...results.hits.map((hit, index) => describeHit(hit, index + 1))].join('\n') + describeProblems(problems);
        return toolResult(text, { hits: results.hits, total: results.total, problems });
    }
}
