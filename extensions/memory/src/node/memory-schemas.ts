import { z } from 'zod';
import {
    MAX_BODY_BYTES, MAX_LINK_PATH_LENGTH, MAX_LINKS, MAX_SEARCH_LIMIT, MAX_TAGS, MAX_TITLE_LENGTH, TAG_PATTERN
} from '../common/memory-limits';
import { MEMORY_KINDS, SEARCH_HIT_KINDS } from '../common/memory-types';
import { ENTRY_ID_PATTERN } from './entry-id';
import { MemoryError } from './memory-error';

/*
 * One set of rules for every way in (the view over RPC, the MCP tools, other extensions):
 * the MCP tools use these as argument schemas, the store validates with them.
 * common/memory-tool-definitions publishes the same rules as JSON Schema; a unit test holds both equal.
 */

export const MAX_QUERY_LENGTH = 1000;

const bodyTooLarge = (body: string) =>
    `is ${Buffer.byteLength(body, 'utf8')} bytes of UTF-8; at most ${MAX_BODY_BYTES} bytes (${MAX_BODY_BYTES / 1024} KiB) are allowed`;

const oneOf = (values: readonly string[]) => (issue: { input?: unknown }) =>
    issue.input === undefined ? 'is missing' : `must be one of ${values.join(', ')} (got ${JSON.stringify(issue.input)})`;

export const entryKind = z.enum(MEMORY_KINDS, { error: oneOf(MEMORY_KINDS) });

export const entryTitle = z.string()
    .min(1, { error: 'must not be empty', abort: true })
    .max(MAX_TITLE_LENGTH, { error: issue => `is ${(issue.input as string).length} characters long; at most ${MAX_TITLE_LENGTH} are allowed`, abort: true })
    .regex(/\S/, { error: 'must not be blank' });

// The character count is checked first (cheap, and a bound on the bytes): a 10 MB body is refused without more work.
export const entryBody = z.string()
    .max(MAX_BODY_BYTES, { error: issue => bodyTooLarge(issue.input as string), abort: true })
    .refine(body => Buffer.byteLength(body, 'utf8') <= MAX_BODY_BYTES, { error: issue => bodyTooLarge(issue.input as string) });

export const entryTag = z.string().regex(new RegExp(TAG_PATTERN), {
    error: issue => `${JSON.stringify(issue.input)} is not a valid tag: use lowercase letters, digits and dashes, ` +
        'starting with a letter or digit, at most 40 characters'
});

export const entryTags = z.array(entryTag).max(MAX_TAGS, { error: issue => `${(issue.input as unknown[]).length} tags; at most ${MAX_TAGS} are allowed` });

export const entryLink = z.strictObject({
    path: z.string().min(1, { error: 'must not be empty' })
        .max(MAX_LINK_PATH_LENGTH, { error: `is longer than ${MAX_LINK_PATH_LENGTH} characters` }),
    line: z.int().min(1, { error: 'lines are counted from 1' }).optional()
});

export const entryLinks = z.array(entryLink).max(MAX_LINKS, { error: issue => `${(issue.input as unknown[]).length} links; at most ${MAX_LINKS} are allowed` });

export const entryId = z.string().regex(ENTRY_ID_PATTERN, {
    error: issue => `${JSON.stringify(issue.input)} is not a memory entry id (ids look like "use-postgres-for-state-k3f9qz")`
});

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
    query: z.string().max(MAX_QUERY_LENGTH, { error: `is longer than ${MAX_QUERY_LENGTH} characters` }),
    kinds: z.array(z.enum(SEARCH_HIT_KINDS as [string, ...string[]], { error: oneOf(SEARCH_HIT_KINDS) })).optional(),
    tags: entryTags.optional(),
    limit: z.int().min(1).max(MAX_SEARCH_LIMIT, { error: `at most ${MAX_SEARCH_LIMIT} hits per search` }).optional()
});

/** MCP arguments. */
export const memorySearchArguments = searchQuerySchema;
export const memoryAddArguments = newEntrySchema;
export const memoryUpdateArguments = entryChangesSchema.extend({ id: entryId }).superRefine((args, context) => {
    if (Object.keys(args).length === 1) {
        context.addIssue({ code: 'custom', message: 'nothing to change: give at least one of kind, title, body, tags, links' });
    }
});
export const memoryDeleteArguments = z.strictObject({ id: entryId });

export type MemorySearchArguments = z.infer<typeof memorySearchArguments>;
export type MemoryAddArguments = z.infer<typeof memoryAddArguments>;
export type MemoryUpdateArguments = z.infer<typeof memoryUpdateArguments>;
export type MemoryDeleteArguments = z.infer<typeof memoryDeleteArguments>;

/** Parses or throws a MemoryError naming every problem: `invalid memory entry: title: must not be empty; tags[0]: …`. */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
        throw new MemoryError(`invalid ${what}: ${describeIssues(parsed.error)}`, 'invalid-input');
    }
    return parsed.data;
}

/** `tags[1]: "Foo" is not a valid tag…; title: is missing` */
export function describeIssues(error: z.ZodError): string {
    return error.issues.map(issue => {
        const where = issue.path.reduce<string>((text, key) =>
            typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key), '');
        const message = issue.code === 'invalid_type' && issue.message.endsWith('received undefined') ? 'is missing' : issue.message;
        return where ? `${where}: ${message}` : message;
    }).join('; ');
}
