import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, MEMORY_DIR } from '../common/memory-limits';
import {
    DOC_KIND, MemoryEntry, MemorySearchHit, MemorySearchQuery, MemorySearchResults, SearchHitKind
} from '../common/memory-types';
import { MarkdownSection } from './markdown-sections';
import { RankedTextIndex } from './ranked-text-index';
import { processTerm, tokenize } from './search-terms';
import { highlight, snippet } from './snippets';

/** Field boosts: a title match counts most, then tags, then the body. */
export const FIELD_BOOSTS = { title: 3, tags: 2, body: 1 };
/** Queries with more terms than this are not matched fuzzily (each fuzzy term costs a walk of the term tree). */
const MAX_FUZZY_TERMS = 8;
/** A fuzzy match may differ from the query term in this share of its letters (rounded, at most 6: MiniSearch's `fuzzy: 0.2`). */
const FUZZY_FRACTION = 0.2;
const MAX_FUZZY_DISTANCE = 6;

interface IndexedDocument {
    key: string;
    kind: SearchHitKind;
    title: string;
    tags: string[];
    body: string;
    path: string;
    line: number;
    entry?: MemoryEntry;
}

/**
 * The in-memory full-text index (BM25+) of memory entries and doc sections.
 * Knows nothing about files: callers put entries and sections in and take them out.
 */
export class MemoryIndex {
    private readonly text = new RankedTextIndex(['title', 'tags', 'body'] as const, searchTerms);
    private readonly documents = new Map<string, IndexedDocument>();
    private readonly sectionKeysByDoc = new Map<string, string[]>();

    /** Adds the entry, or replaces the one with its id. */
    setEntry(entry: MemoryEntry): void {
        this.setEntries([entry]);
    }

    setEntries(entries: MemoryEntry[]): void {
        const documents = entries.map(entry => ({
            key: entryKey(entry.id),
            kind: entry.kind,
            title: entry.title,
            tags: entry.tags,
            body: entry.body,
            path: `${MEMORY_DIR}/${entry.id}.md`,
            line: 1,
            entry
        }));
        this.put(documents);
    }

    removeEntry(id: string): boolean {
        return this.remove(entryKey(id));
    }

    getEntry(id: string): MemoryEntry | undefined {
        return this.documents.get(entryKey(id))?.entry;
    }

    /** Every entry, most recently updated first. */
    entries(): MemoryEntry[] {
        return [...this.documents.values()].flatMap(document => document.entry ? [document.entry] : [])
            .sort(byUpdatedDescending);
    }

    /** Replaces the sections indexed for the doc at `path` (relative to the workspace root). */
    setDoc(path: string, sections: MarkdownSection[]): void {
        this.removeDoc(path);
        const documents = sections.map((section): IndexedDocument => ({
            key: `doc:${path}#L${section.line}`,
            kind: DOC_KIND,
            title: section.heading,
            tags: [],
            body: section.text,
            path,
            line: section.line
        }));
        this.put(documents);
        this.sectionKeysByDoc.set(path, documents.map(document => document.key));
    }

    removeDoc(path: string): boolean {
        const keys = this.sectionKeysByDoc.get(path) ?? [];
        keys.forEach(key => this.remove(key));
        this.sectionKeysByDoc.delete(path);
        return keys.length > 0;
    }

    docPaths(): string[] {
        return [...this.sectionKeysByDoc.keys()].sort();
    }

    /** Entries plus doc sections. */
    get size(): number {
        return this.documents.size;
    }

    search(query: MemorySearchQuery): MemorySearchResults {
        const limit = Math.min(Math.max(1, query.limit ?? DEFAULT_SEARCH_LIMIT), MAX_SEARCH_LIMIT);
        const kinds = query.kinds && query.kinds.length > 0 ? new Set(query.kinds) : undefined;
        const tags = query.tags ?? [];
        const passes = (document: IndexedDocument | undefined) => document !== undefined
            && (!kinds || kinds.has(document.kind))
            && tags.every(tag => document.tags.includes(tag));
        const terms = searchTerms(query.query);
        if (terms.length === 0) {
            return this.listing(passes, limit);
        }
        const fuzzy = terms.length <= MAX_FUZZY_TERMS;
        const results = this.text.search({
            terms,
            combineWith: 'AND',
            boost: FIELD_BOOSTS,
            prefix: term => term.length >= 2,
            fuzzyDistance: term => fuzzy && term.length >= 4 ? Math.min(MAX_FUZZY_DISTANCE, Math.round(term.length * FUZZY_FRACTION)) : 0,
            accept: kinds || tags.length > 0 ? key => passes(this.documents.get(key)) : undefined,
            limit
        });
        return {
            total: results.total,
            hits: results.hits.map(hit => this.toHit(this.documents.get(hit.key)!, hit.score, new Set(hit.terms)))
        };
    }

    private listing(passes: (document: IndexedDocument) => boolean, limit: number): MemorySearchResults {
        const matching = [...this.documents.values()].filter(passes).sort((a, b) =>
            a.entry && b.entry ? byUpdatedDescending(a.entry, b.entry)
                : a.entry ? -1 : b.entry ? 1
                    : a.path.localeCompare(b.path) || a.line - b.line);
        return { total: matching.length, hits: matching.slice(0, limit).map(document => this.toHit(document, 0, new Set())) };
    }

    private toHit(document: IndexedDocument, score: number, terms: ReadonlySet<string>): MemorySearchHit {
        const { entry } = document;
        return {
            kind: document.kind,
            id: entry ? entry.id : `${document.path}#L${document.line}`,
            title: document.title,
            highlightedTitle: highlight(document.title, terms),
            snippet: snippet(document.body, terms),
            score: Math.round(score * 1000) / 1000,
            tags: document.tags,
            path: document.path,
            line: document.line,
            ...(entry && { links: entry.links, author: entry.author, updated: entry.updated })
        };
    }

    private put(documents: IndexedDocument[]): void {
        const byKey = new Map(documents.map(document => [document.key, document]));
        for (const document of byKey.values()) {
            this.remove(document.key);
            this.documents.set(document.key, document);
            this.text.set(document.key, { title: document.title, tags: document.tags.join(' '), body: document.body });
        }
    }

    private remove(key: string): boolean {
        if (!this.documents.has(key)) {
            return false;
        }
        this.text.remove(key);
        this.documents.delete(key);
        return true;
    }
}

function searchTerms(text: string): string[] {
    return tokenize(text).map(processTerm).filter((term): term is string => !!term);
}

function entryKey(id: string): string {
    return `entry:${id}`;
}

function byUpdatedDescending(a: MemoryEntry, b: MemoryEntry): number {
    return b.updated.localeCompare(a.updated) || a.id.localeCompare(b.id);
}
