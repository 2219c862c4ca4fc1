import { z } from 'zod';
import { SandboxToolDefinition } from '../sandbox-tool-definition';
import { workspacePath } from './argument-parts';

export const editFile = {
    name: 'edit_file',
    title: 'Edit file',
    description: 'Replace exact text in a file. Edits apply in order; each oldText must occur exactly once in the file ' +
        'as the previous edits left it (include surrounding lines to make it unique). Returns a unified diff. ' +
        'With dryRun the diff is returned and nothing is written.',
    inputSchema: z.strictObject({
        path: workspacePath('The file'),
        edits: z.array(z.strictObject({
            oldText: z.string().min(1).describe('Text to find; must occur exactly once.'),
            newText: z.string().describe('Text to put in its place.')
        })).min(1).describe('The replacements, applied in order.'),
        dryRun: z.boolean().optional().describe('Only return the diff (default false).')
    }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false }
} satisfies SandboxToolDefinition;

export type EditFileArguments = z.infer<typeof editFile.inputSchema>;
