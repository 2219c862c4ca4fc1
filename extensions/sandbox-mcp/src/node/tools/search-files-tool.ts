import { inject, injectable } from '@theia/core/shared/inversify';
import { DEFAULT_SEARCH_RESULTS, MAX_SEARCH_RESULTS, ToolResultLine } from '../../common/tool-definitions';
import { statExisting } from '../path-checks';
import { searchWithRipgrep } from '../ripgrep-search';
import { SandboxTool, ToolCallContext } from '../sandbox-tool';
import { ToolError } from '../tool-error';
import { searchFiles, SearchFilesArguments } from '../../common/tools/search-files';
import { toolResult } from '../tool-results';
import { WorkspacePaths } from '../workspace-paths';

/** ripgrep's exit code for "something went wrong" (1 is "no match"). */
const RIPGREP_ERROR = 2;

@injectable()
export class SearchFilesTool implements SandboxTool<typeof searchFiles.inputSchema> {
    readonly definition = searchFiles;

    constructor(@inject(WorkspacePaths) private readonly paths: WorkspacePaths) { }

    async run(args: SearchFilesArguments, context: ToolCallContext): Promise<ToolResultLine> {
        const root = await this.paths.resolveRoot();
        const target = args.path === undefined ? root : await this.paths.resolve('path', args.path);
        await statExisting(target);
        const maxResults = args.maxResults ?? DEFAULT_SEARCH_RESULTS;
        const result = await searchWithRipgrep({
            pattern: args.pattern,
            target: target.absolute,
            relativeTo: root.absolute,
            glob: args.glob,
            caseSensitive: args.caseSensitive,
            maxMatches: maxResults,
            signal: context.signal
        });
        if (result.exitCode === RIPGREP_ERROR && result.matches.length === 0) {
            throw new ToolError(result.errors.includes('regex')
                ? `pattern ${JSON.stringify(args.pattern)} is not a valid regular expression:\n${result.errors}`
                : `the search failed:\n${result.errors}`);
        }
        const lines = result.matches.map(match => `${match.file}:${match.line}: ${match.text}`);
        if (result.limitReached) {
            lines.push(`[truncated: showing the first ${maxResults} matching lines; narrow the search with path or glob` +
                (maxResults < MAX_SEARCH_RESULTS ? `, or raise maxResults (at most ${MAX_SEARCH_RESULTS})` : '') + ']');
        }
        if (result.exitCode === RIPGREP_ERROR) {
            lines.push(`[some files could not be searched: ${result.errors.split('\n')[0]}]`);
        }
        const text = result.matches.length === 0 ? `no matches for ${JSON.stringify(args.pattern)} in ${target.relative}` : lines.join('\n');
        return toolResult(text, { matchCount: result.matches.length, truncated: result.limitReached });
    }
}
