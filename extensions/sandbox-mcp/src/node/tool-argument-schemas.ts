import { z } from 'zod';
import { MAX_COMMAND_TIMEOUT_MS, MAX_SEARCH_RESULTS } from '../common/tool-definitions';

/*
 * Argument validation for each tool. The JSON schemas agents see are in common/tool-definitions;
 * tool-argument-schemas.test checks that z.toJSONSchema of these equals them (descriptions aside).
 * Rules JSON Schema does not express here (exclusive options) are refinements.
 */

const workspacePath = z.string().min(1);
const positiveInteger = z.int().min(1);

export const readTextFileArguments = z.strictObject({
    path: workspacePath,
    offset: positiveInteger.optional(),
    limit: positiveInteger.optional(),
    head: positiveInteger.optional(),
    tail: positiveInteger.optional()
}).superRefine((args, context) => {
    const ways = [
        args.head !== undefined && 'head',
        args.tail !== undefined && 'tail',
        (args.offset !== undefined || args.limit !== undefined) && 'offset/limit'
    ].filter(way => way !== false);
    if (ways.length > 1) {
        context.addIssue({ code: 'custom', message: `use only one of head, tail or offset/limit (got ${ways.join(' and ')})` });
    }
});

export const writeFileArguments = z.strictObject({
    path: workspacePath,
    content: z.string()
});

export const editFileArguments = z.strictObject({
    path: workspacePath,
    edits: z.array(z.strictObject({
        oldText: z.string().min(1),
        newText: z.string()
    })).min(1),
    dryRun: z.boolean().optional()
});

export const listDirectoryArguments = z.strictObject({
    path: workspacePath
});

export const searchFilesArguments = z.strictObject({
    pattern: z.string().min(1),
    path: workspacePath.optional(),
    glob: z.string().min(1).optional(),
    caseSensitive: z.boolean().optional(),
    maxResults: positiveInteger.max(MAX_SEARCH_RESULTS, `at most ${MAX_SEARCH_RESULTS} results per search`).optional()
});

export const runCommandArguments = z.strictObject({
    command: z.string().min(1),
    cwd: workspacePath.optional(),
    env: z.record(z.string(), z.string()).optional(),
    timeoutMs: positiveInteger.max(MAX_COMMAND_TIMEOUT_MS,
        `the cap is ${MAX_COMMAND_TIMEOUT_MS} ms; a command still running then keeps running in the background ` +
        'and can be polled with read_process_output').optional()
});

export const readProcessOutputArguments = z.strictObject({
    processId: z.string().min(1),
    offset: z.int().min(0).optional()
});

export const killProcessArguments = z.strictObject({
    processId: z.string().min(1)
});

export type ReadTextFileArguments = z.infer<typeof readTextFileArguments>;
export type WriteFileArguments = z.infer<typeof writeFileArguments>;
export type EditFileArguments = z.infer<typeof editFileArguments>;
export type ListDirectoryArguments = z.infer<typeof listDirectoryArguments>;
export type SearchFilesArguments = z.infer<typeof searchFilesArguments>;
export type RunCommandArguments = z.infer<typeof runCommandArguments>;
export type ReadProcessOutputArguments = z.infer<typeof readProcessOutputArguments>;
export type KillProcessArguments = z.infer<typeof killProcessArguments>;

