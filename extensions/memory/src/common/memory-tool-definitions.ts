/*
 * The memory MCP tools, each defined once (see sandbox-mcp's SandboxToolDefinition) on the rules
 * the store validates with: the gateway lists them in MCP `tools/list` and requires this file
 * directly, so it imports only zod and memory's common rules.
 */
import { z } from 'zod';
import type { SandboxToolDefinition } from '@ide/sandbox-mcp/lib/common/sandbox-tool-definition';
import { entryChangesSchema, entryId, newEntrySchema, searchQuerySchema } from './memory-schemas';

export const memorySearch = {
    name: 'memory_search',
    title: 'Search project memory',
    description: 'Full-text search (prefix and fuzzy, ranked by BM25; title counts more than tags, tags more than body) over ' +
        'the project memory — decisions, notes, facts and conventions recorded by people and agents in .ide/memory/ — ' +
        'and over the project\'s docs (README, docs/, ADRs, AGENTS.md, CLAUDE.md, CONTRIBUTING.md) section by section. ' +
        'Each hit gives kind, id, title, a snippet with matched terms marked «like this», score, tags, and the file and line ' +
        'to read. An empty query lists the most recently updated entries that pass the filters. ' +
        'structuredContent also lists entry files that could not be read (problems).',
    inputSchema: searchQuerySchema,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false }
} satisfies SandboxToolDefinition;

export const memoryAdd = {
    name: 'memory_add',
    title: 'Add to project memory',
    description: 'Record a decision, note, fact or convention in the project memory (a Markdown file in .ide/memory/ ' +
        'that is committed with the project), so people and later agents find it with memory_search. ' +
        'Search first to avoid duplicates; update an existing entry instead. Returns the new entry with its id.',
    inputSchema: newEntrySchema,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false }
} satisfies SandboxToolDefinition;

export const memoryUpdate = {
    name: 'memory_update',
    title: 'Update a memory entry',
    description: 'Change an entry of the project memory: the given fields replace the old ones (tags and links as a whole); ' +
        'the id stays the same. Returns the updated entry.',
    inputSchema: entryChangesSchema.extend({ id: entryId }).superRefine((args, context) => {
        if (Object.keys(args).length === 1) {
            context.addIssue({ code: 'custom', message: 'nothing to change: give at least one of kind, title, body, tags, links' });
        }
    }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false }
} satisfies SandboxToolDefinition;

export const memoryDelete = {
    name: 'memory_delete',
    title: 'Delete a memory entry',
    description: 'Delete an entry of the project memory (its file in .ide/memory/).',
    inputSchema: z.strictObject({ id: entryId }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false }
} satisfies SandboxToolDefinition;

export const MEMORY_TOOLS: readonly SandboxToolDefinition[] = [memorySearch, memoryAdd, memoryUpdate, memoryDelete];

export type MemorySearchArguments = z.infer<typeof memorySearch.inputSchema>;
export type MemoryAddArguments = z.infer<typeof memoryAdd.inputSchema>;
export type MemoryUpdateArguments = z.infer<typeof memoryUpdate.inputSchema>;
export type MemoryDeleteArguments = z.infer<typeof memoryDelete.inputSchema>;
