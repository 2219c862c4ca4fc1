import { z } from 'zod';
import {
    DEFAULT_SEARCH_LIMIT, ENTRY_ID_PATTERN, MAX_BODY_BYTES, MAX_LINK_PATH_LENGTH, MAX_LINKS, MAX_SEARCH_LIMIT, MAX_TAGS, MAX_TITLE_LENGTH, TAG_PATTERN
} from './memory-limits';
import { MEMORY_KINDS, SEARCH_HIT_KINDS } from './memory-types';

/*
 * One set of rules for every way in (the view over RPC, the MCP tools, other extensions):
 * the MCP tools use these as argument schemas (memory-tool-definitions), the store validates with them.
 * The descriptions are what agents read in MCP `tools/list`.
 */

export const MAX_QUERY_LENGTH = 1000;

const bodyTooLarge = (body: string) =>
    `is ${Buffer.byteLength(body, 'utf8')} bytes of UTF-8; at most ${MAX_BODY_BYTES} bytes (${MAX_BODY_BYTES / 1024} KiB) are allowed`;

const oneOf = (values: readonly string[]) => (issue: { input?: unknown }) =>
    issue.input === undefined ? 'is missing' : `must be one of ${values.join(', ')} (got ${JSON.stringify(issue.input)})`;

export const entryKind = z.enum(MEMORY_KINDS, { error: oneOf(MEMORY_KINDS) })
    .describe('decision (a choice made and why), note, fact (something true about the project) or convention (a rule to follow).');

export const entryTitle = z.string()
    .min(1, { error: 'must not be empty', abort: true })
    .max(MAX_TITLE_LENGTH, { error: issue => `is ${(issue.input as string).length} characters long; at most ${MAX_TITLE_LENGTH} are allowed`, abort: true })
    .regex(/\S/, { error: 'must not be blank' })
    .describe(`A short, specific title (at most ${MAX_TITLE_LENGTH} characters).`);

// The character count is checked first (cheap, and a bound on the bytes): a 10 MB body is refused without more work.
export const entryBody = z.string()
    .max(MAX_BODY_BYTES, { error: issue => bodyTooLarge(issue.input as string), abort: true })
    .refine(body => Buffer.byteLength(body, 'utf8') <= MAX_BODY_BYTES, { error: issue => bodyTooLarge(issue.input as string) })
    .describe(`The content, Markdown (at most ${MAX_BODY_BYTES / 1024} KiB of UTF-8).`);

export const entryTag = z.string().regex(new RegExp(TAG_PATTERN), {
    error: issue => `${JSON.stringify(issue.input)} is not a valid tag: use lowercase letters, digits and dashes, ` +
        'starting with a letter or digit, at most 40 characters'
}).describe('Lowercase letters, digits and dashes, starting with a letter or digit, at most 40 characters.');

export const entryTags = z.array(entryTag).max(MAX_TAGS, { error: issue => `${(issue.input as unknown[]).length} tags; at most ${MAX_TAGS} are allowed` })
    .describe(`At most ${MAX_TAGS} tags, e.g. ["database", "scaling"].`);

export const entryLink = z.strictObject({
    path: z.string().min(1, { error: 'must not be empty' })
        .max(MAX_LINK_PATH_LENGTH, { error: `is longer than ${MAX_LINK_PATH_LENGTH} characters` })
        .describe('The file, inside the workspace.'),
    line: z.int().min(1, { error: 'lines are counted from 1' }).optional().describe('A 1-based line in it.')
});

export const entryLinks = z.array(entryLink).max(MAX_LINKS, { error: issue => `${(issue.input as unknown[]).length} links; at most ${MAX_LINKS} are allowed` })
    .describe('Files the entry is about, relative to the workspace root (or absolute inside it).');

export const entryId = z.string().regex(ENTRY_ID_PATTERN, {
    error: issue => `${JSON.stringify(issue.input)} is not a memory entry id (ids look like "use-postgres-for-state-k3f9qz")`
}).describe('The entry id, as memory_search and memory_add return it.');

export const newEntrySchema = z.strictObject({
    kind: entryKind,
    title: entryTitle,
    body: entryBody.optional(),
    tags: entryTags.optional(),
    links: entryLinks.optional()
});

export const entryChangesSchema = newEntrySchema.partial();

export const memoryAuthorSchema = z.strictObject({
    kind: z.enum(['human', 'agent'], { error: oneOf(['human', 'agent']) }),
    name: z.string().min(1, { error: 'must not be empty' }).max(100, { error: 'is longer than 100 characters' })
});

export const searchQuerySchema = z.strictObject({
    query: z.string().max(MAX_QUERY_LENGTH, { error: `is longer than ${MAX_QUERY_LENGTH} characters` }).describe('Words to look for.'),
    kinds: z.array(z.enum(SEARCH_HIT_KINDS as [string, ...string[]], { error: oneOf(SEARCH_HIT_KINDS) })).optional()
        .describe('Only these kinds; "doc" is the project\'s docs. Default: all.'),
    tags: entryTags.optional().describe('Only entries carrying all of these tags.'),
    limit: z.int().min(1).max(MAX_SEARCH_LIMIT, { error: `at most ${MAX_SEARCH_LIMIT} hits per search` }).optional()
        .describe(`Most hits to return (default ${DEFAULT_SEARCH_LIMIT}).`)
});
