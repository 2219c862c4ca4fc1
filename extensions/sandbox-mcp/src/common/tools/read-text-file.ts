import { z } from 'zod';
import { SandboxToolDefinition } from '../sandbox-tool-definition';
import { MAX_READ_BYTES } from '../tool-limits';
import { MIB, positiveInteger, READ_ONLY, workspacePath } from './argument-parts';

export const readTextFile = {
    name: 'read_text_file',
    title: 'Read text file',
    description: 'Read a UTF-8 text file in the workspace. Without options returns the whole file. ' +
        'Select lines with offset and limit, or with head, or with tail (these three ways exclude each other). ' +
        `At most ${MAX_READ_BYTES / MIB} MiB are returned; when the text is cut it says so at its end, and ` +
        'structuredContent reports truncated, totalBytes and totalLines.',
    inputSchema: z.strictObject({
        path: workspacePath('The file'),
        offset: positiveInteger('First line to return, 1-based.').optional(),
        limit: positiveInteger('How many lines to return from offset (default: to the end).').optional(),
        head: positiveInteger('Return only the first N lines.').optional(),
        tail: positiveInteger('Return only the last N lines.').optional()
    }).superRefine((args, context) => {
        const ways = [
            args.head !== undefined && 'head',
            args.tail !== undefined && 'tail',
            (args.offset !== undefined || args.limit !== undefined) && 'offset/limit'
        ].filter(way => way !== false);
        if (ways.length > 1) {
            context.addIssue({ code: 'custom', message: `use only one of head, tail or offset/limit (got ${ways.join(' and ')})` });
        }
    }),
    annotations: READ_ONLY
} satisfies SandboxToolDefinition;

export type ReadTextFileArguments = z.infer<typeof readTextFile.inputSchema>;
