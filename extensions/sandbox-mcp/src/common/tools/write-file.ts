import { z } from 'zod';
import { SandboxToolDefinition } from '../sandbox-tool-definition';
import { workspacePath } from './argument-parts';

export const writeFile = {
    name: 'write_file',
    title: 'Write file',
    description: 'Create a file, or overwrite it completely, with the given content. Missing parent directories are created. ' +
        'Prefer edit_file to change part of an existing file.',
    inputSchema: z.strictObject({
        path: workspacePath('The file'),
        content: z.string().describe('The complete new content (UTF-8).')
    }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false }
} satisfies SandboxToolDefinition;

export type WriteFileArguments = z.infer<typeof writeFile.inputSchema>;
