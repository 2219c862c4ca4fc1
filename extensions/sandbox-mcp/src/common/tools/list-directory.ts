import { z } from 'zod';
import { SandboxToolDefinition } from '../sandbox-tool-definition';
import { MAX_DIRECTORY_ENTRIES } from '../tool-limits';
import { READ_ONLY, workspacePath } from './argument-parts';

export const listDirectory = {
    name: 'list_directory',
    title: 'List directory',
    description: 'List a directory of the workspace: one line per entry, "[DIR] name" or "[FILE] name", sorted by name. ' +
        `Shows at most ${MAX_DIRECTORY_ENTRIES} entries and says how many more there are.`,
    inputSchema: z.strictObject({
        path: workspacePath('The directory ("." is the workspace root)')
    }),
    annotations: READ_ONLY
} satisfies SandboxToolDefinition;

export type ListDirectoryArguments = z.infer<typeof listDirectory.inputSchema>;
