import { z } from 'zod';
import { SandboxToolDefinition } from '../sandbox-tool-definition';
import { DEFAULT_SEARCH_RESULTS, MAX_SEARCH_RESULTS } from '../tool-limits';
import { READ_ONLY, workspacePath } from './argument-parts';

export const searchFiles = {
    name: 'search_files',
    title: 'Search file contents',
    description: 'Search file contents with ripgrep. Returns lines "file:line: text" with paths relative to the workspace root. ' +
        'Respects .gitignore, includes hidden files, skips .git. Results are cut at maxResults and the output says so.',
    inputSchema: z.strictObject({
        pattern: z.string().min(1).describe('Regular expression, ripgrep (Rust regex) syntax.'),
        path: workspacePath('Directory or file to search (default: the workspace root)').optional(),
        glob: z.string().min(1).optional()
            .describe('Only search files matching this glob, e.g. "*.ts" or "src/**/*.py"; prefix with ! to exclude.'),
        caseSensitive: z.boolean().optional()
            .describe('true: match case; false: ignore case; omitted: smart case (case-sensitive only when pattern has an uppercase letter).'),
        maxResults: z.int().min(1).max(MAX_SEARCH_RESULTS, `at most ${MAX_SEARCH_RESULTS} results per search`).optional()
            .describe(`Most matching lines to return (default ${DEFAULT_SEARCH_RESULTS}, at most ${MAX_SEARCH_RESULTS}).`)
    }),
    annotations: READ_ONLY
} satisfies SandboxToolDefinition;

export type SearchFilesArguments = z.infer<typeof searchFiles.inputSchema>;
