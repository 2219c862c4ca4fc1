/** What a memory entry records. */
export const MEMORY_KINDS = ['decision', 'note', 'fact', 'convention'] as const;
export type MemoryKind = typeof MEMORY_KINDS[number];

/** Search results are memory entries or sections of the project's own docs (README, docs/, ADRs…). */
export const DOC_KIND = 'doc';
export type SearchHitKind = MemoryKind | typeof DOC_KIND;
export const SEARCH_HIT_KINDS: readonly SearchHitKind[] = [...MEMORY_KINDS, DOC_KIND];

export interface MemoryAuthor {
    kind: 'human' | 'agent';
    name: string;
}

/** A file the entry is about: relative to the workspace root, optionally a 1-based line. */
export interface MemoryLink {
    path: string;
    line?: number;
}

export interface MemoryEntry {
    /** The file name without `.md`: a slug of the title plus a random suffix; stable across edits. */
    id: string;
    kind: MemoryKind;
    title: string;
    /** Markdown. */
    body: string;
    tags: string[];
    author: MemoryAuthor;
    /** ISO 8601. */
    created: string;
    updated: string;
    links: MemoryLink[];
}

/** What `add` takes; the store fills in id, author and times. */
export interface NewMemoryEntry {
    kind: MemoryKind;
    title: string;
    body?: string;
    tags?: string[];
    links?: MemoryLink[];
}

/** What `update` takes: the fields to change. */
export type MemoryEntryChanges = Partial<NewMemoryEntry>;

/** An entry file or doc that could not be indexed; it is skipped, the rest stays searchable. */
export interface MemoryProblem {
    /** Relative to the workspace root. */
    file: string;
    reason: string;
}

export interface MemorySearchQuery {
    /** Words to find (prefix and fuzzy). Empty: the most recently updated entries that pass the filters. */
    query: string;
    /** Only these kinds ('doc' for the project's docs); all when empty or missing. */
    kinds?: SearchHitKind[];
    /** Only entries carrying every one of these tags (docs have none). */
    tags?: string[];
    /** Most hits to return (default DEFAULT_SEARCH_LIMIT, at most MAX_SEARCH_LIMIT). */
    limit?: number;
}

export interface MemorySearchHit {
    kind: SearchHitKind;
    /** The entry id; for docs `<path>#L<line>`. */
    id: string;
    /** Entry title, or the doc section's heading. */
    title: string;
    /** The title with matched terms between HIGHLIGHT_START and HIGHLIGHT_END. */
    highlightedTitle: string;
    /** An excerpt of the body around the matches, matched terms marked the same way; `…` where cut. */
    snippet: string;
    /** BM25 score with field boosts (0 for the recent-entries listing of an empty query). */
    score: number;
    tags: string[];
    /** The file to open: the entry's file under .ide/memory/, or the doc. */
    path: string;
    /** 1-based line to open the file at: for docs the section heading. */
    line: number;
    /** Entries only. */
    links?: MemoryLink[];
    author?: MemoryAuthor;
    updated?: string;
}

export interface MemorySearchResults {
    hits: MemorySearchHit[];
    /** How many matched before `limit` cut the list. */
    total: number;
}

export interface MemoryListing {
    entries: MemoryEntry[];
    problems: MemoryProblem[];
}
