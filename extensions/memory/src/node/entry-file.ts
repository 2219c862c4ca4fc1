import * as YAML from 'yaml';
import { z } from 'zod';
import { MemoryEntry, MemoryLink } from '../common/memory-types';
import { entryKind, entryTags, entryTitle, describeIssues, memoryAuthorSchema } from './memory-schemas';

/*
 * An entry on disk: `.ide/memory/<id>.md`, YAML front matter then the Markdown body.
 *
 *   ---
 *   kind: decision
 *   title: Use PostgreSQL for gateway state when replicated
 *   tags:
 *     - storage
 *   author:
 *     kind: human
 *     name: ada
 *   created: 2025-05-01T10:00:00.000Z
 *   updated: 2025-05-01T10:00:00.000Z
 *   links:
 *     - backend/src/store/store.ts:12
 *   ---
 *
 *   Body…
 */

/** Why a file is not a readable entry. */
export class EntryFormatError extends Error {
    override readonly name = 'EntryFormatError';
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

const isoTime = z.string().refine(text => !Number.isNaN(Date.parse(text)), { error: 'is not a date and time' });

const linkOnDisk = z.union([
    z.string().min(1),
    z.object({ path: z.string().min(1), line: z.int().min(1).optional() })
], { error: 'must be "path" or "path:line"' });

const frontMatterSchema = z.object({
    kind: entryKind,
    title: entryTitle,
    tags: entryTags.nullish(),
    author: memoryAuthorSchema,
    created: isoTime,
    updated: isoTime,
    links: z.array(linkOnDisk).nullish()
});

export function serializeEntry(entry: MemoryEntry): string {
    const frontMatter: Record<string, unknown> = {
        kind: entry.kind,
        title: entry.title,
        tags: entry.tags,
        author: { kind: entry.author.kind, name: entry.author.name },
        created: entry.created,
        updated: entry.updated
    };
    if (entry.links.length > 0) {
        frontMatter.links = entry.links.map(link => link.line === undefined ? link.path : `${link.path}:${link.line}`);
    }
    const yaml = YAML.stringify(frontMatter, { lineWidth: 0 });
    return `---\n${yaml}---\n` + (entry.body ? `\n${entry.body}\n` : '');
}

/** Throws EntryFormatError with a reason a person can act on. */
export function parseEntry(id: string, text: string): MemoryEntry {
    const match = FRONT_MATTER.exec(text);
    if (!match) {
        throw new EntryFormatError('no YAML front matter: the file must start with a line "---", the fields, and a line "---"');
    }
    const document = YAML.parseDocument(match[1] ?? '');
    if (document.errors.length > 0) {
        throw new EntryFormatError(`invalid YAML front matter: ${document.errors[0].message.split('\n')[0].replace(/:$/, '')}`);
    }
    const data = document.toJS() ?? {};
    if (typeof data !== 'object' || Array.isArray(data)) {
        throw new EntryFormatError('the front matter must be a YAML mapping of fields');
    }
    const parsed = frontMatterSchema.safeParse(data);
    if (!parsed.success) {
        throw new EntryFormatError(`invalid front matter: ${describeIssues(parsed.error)}`);
    }
    const { kind, title, tags, author, created, updated, links } = parsed.data;
    return {
        id,
        kind,
        title,
        body: normalizeBody(text.slice(match[0].length)),
        tags: tags ?? [],
        author,
        created,
        updated,
        links: (links ?? []).map(link => typeof link === 'string' ? parseLinkText(link) : link)
    };
}

/** Bodies are stored without trailing whitespace and without the blank line after the front matter. */
export function normalizeBody(body: string): string {
    return body.replace(/\r\n/g, '\n').replace(/^\n/, '').trimEnd();
}

function parseLinkText(text: string): MemoryLink {
    const match = /^(.*):(\d+)$/.exec(text);
    return match && Number(match[2]) >= 1 ? { path: match[1], line: Number(match[2]) } : { path: text };
}
