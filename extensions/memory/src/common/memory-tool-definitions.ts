/*
 * The memory tools as plain data: the gateway lists them in MCP `tools/list` and requires this
 * file directly, so it imports only types. The numbers repeat common/memory-limits; the
 * node-side zod schemas are built from those limits and a unit test holds both equal.
 */
import type { ToolAnnotations, ToolDefinition } from '@ide/sandbox-mcp/lib/common/tool-definitions';

const ENTRY_KINDS = ['decision', 'note', 'fact', 'convention'];

const kind = {
    type: 'string',
    enum: ENTRY_KINDS,
    description: 'decision (a choice made and why), note, fact (something true about the project) or convention (a rule to follow).'
};

const title = {
    type: 'string', minLength: 1, maxLength: 200, pattern: '\\S',
    description: 'A short, specific title (at most 200 characters).'
};

const body = {
    type: 'string', maxLength: 262144,
    description: 'The content, Markdown (at most 256 KiB of UTF-8).'
};

const tag = {
    type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,39}$',
    description: 'Lowercase letters, digits and dashes, starting with a letter or digit, at most 40 characters.'
};

const tags = {
    type: 'array', maxItems: 20, items: tag,
    description: 'At most 20 tags, e.g. ["database", "scaling"].'
};

const links = {
    type: 'array', maxItems: 50,
    description: 'Files the entry is about, relative to the workspace root (or absolute inside it).',
    items: {
        type: 'object',
        properties: {
            path: { type: 'string', minLength: 1, maxLength: 1024, description: 'The file, inside the workspace.' },
            line: { type: 'integer', minimum: 1, description: 'A 1-based line in it.' }
        },
        required: ['path'],
        additionalProperties: false
    }
};

const id = {
    type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,79}$',
    description: 'The entry id, as memory_search and memory_add return it.'
};

const WRITES: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };

export const MEMORY_TOOLS: ToolDefinition[] = [
    {
        name: 'memory_search',
        title: 'Search project memory',
        description: 'Full-text search (prefix and fuzzy, ranked by BM25; title counts more than tags, tags more than body) over ' +
            'the project memory — decisions, notes, facts and conventions recorded by people and agents in .ide/memory/ — ' +
            'and over the project\'s docs (README, docs/, ADRs, AGENTS.md, CLAUDE.md, CONTRIBUTING.md) section by section. ' +
            'Each hit gives kind, id, title, a snippet with matched terms marked «like this», score, tags, and the file and line ' +
            'to read. An empty query lists the most recently updated entries that pass the filters. ' +
            'structuredContent also lists entry files that could not be read (problems).',
        inputSchema: {
            type: 'object',
            properties: {
                query: { type: 'string', maxLength: 1000, description: 'Words to look for.' },
                kinds: {
                    type: 'array',
                    items: { type: 'string', enum: [...ENTRY_KINDS, 'doc'] },
                    description: 'Only these kinds; "doc" is the project\'s docs. Default: all.'
                },
                tags: { ...tags, description: 'Only entries carrying all of these tags.' },
                limit: { type: 'integer', minimum: 1, maximum: 100, description: 'Most hits to return (default 20).' }
            },
            required: ['query'],
            additionalProperties: false
        },
        annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false }
    },
    {
        name: 'memory_add',
        title: 'Add to project memory',
        description: 'Record a decision, note, fact or convention in the project memory (a Markdown file in .ide/memory/ ' +
            'that is committed with the project), so people and later agents find it with memory_search. ' +
            'Search first to avoid duplicates; update an existing entry instead. Returns the new entry with its id.',
        inputSchema: {
            type: 'object',
            properties: { kind, title, body, tags, links },
            required: ['kind', 'title'],
            additionalProperties: false
        },
        annotations: WRITES
    },
    {
        name: 'memory_update',
        title: 'Update a memory entry',
        description: 'Change an entry of the project memory: the given fields replace the old ones (tags and links as a whole); ' +
            'the id stays the same. Returns the updated entry.',
        inputSchema: {
            type: 'object',
            properties: { id, kind, title, body, tags, links },
            required: ['id'],
            additionalProperties: false
        },
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false }
    },
    {
        name: 'memory_delete',
        title: 'Delete a memory entry',
        description: 'Delete an entry of the project memory (its file in .ide/memory/).',
        inputSchema: {
            type: 'object',
            properties: { id },
            required: ['id'],
            additionalProperties: false
        },
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false }
    }
];
