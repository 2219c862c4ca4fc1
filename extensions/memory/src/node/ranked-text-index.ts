import SearchableMap from 'minisearch/SearchableMap';

/*
 * BM25+ over a few text fields, with prefix and fuzzy terms, ranked the way MiniSearch ranks (same formula, weights
 * and parameters) but scored over flat posting lists: MiniSearch builds a result object per matching document and
 * term, which over 10 000 entries where a query matches thousands cost ~10 ms a query (p99 ~50 ms, mostly GC);
 * here a query adds into one typed array and only the hits it returns become objects.
 * The term dictionary is MiniSearch's radix tree (its public `minisearch/SearchableMap`), for prefix and fuzzy lookups.
 */

/** MiniSearch's defaults (BM25+ parameters and the weights of derived terms), so rankings stay as they were. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

/** The documents one term occurs in, per field: slots ascending, with the term's count in each. */
interface FieldPostings {
    slots: number[];
    counts: number[];
}

type TermPostings = (FieldPostings | undefined)[];

export interface RankedSearch<F extends string> {
    /** Processed query terms; repeated terms count once. */
    terms: readonly string[];
    /** AND: the documents that match every term, or when none does, those that match any; OR: those that match any. */
    combineWith: 'AND' | 'OR';
    boost: Readonly<Record<F, number>>;
    prefix(term: string): boolean;
    /** Edits allowed for a fuzzy match of `term`; 0 for none. */
    fuzzyDistance(term: string): number;
    /** Whether a matching document may be returned (and counted); all may, without it. */
    accept?(key: string): boolean;
    limit: number;
}

export interface RankedHit {
    key: string;
    score: number;
    /** The document's terms that matched (exact, prefix or fuzzy), for highlighting. */
    terms: string[];
}

export interface RankedResults {
    total: number;
    hits: RankedHit[];
}

interface DerivedTerm {
    term: string;
    weight: number;
    postings: TermPostings;
}

export class RankedTextIndex<F extends string> {
    private readonly postings = new SearchableMap<TermPostings>();
    private readonly slotByKey = new Map<string, number>();
    /** Per slot: the document's key (undefined once removed) and its distinct terms (to take it out of their postings). */
    private slotKeys: (string | undefined)[] = [];
    private slotTerms: (string[] | undefined)[] = [];
    /** Per field, per slot: the number of distinct terms. */
    private fieldLengths: number[][];
    private readonly totalFieldLengths: number[];
    private scratch: Scratch | undefined;

    constructor(private readonly fields: readonly F[], private readonly terms: (text: string) => string[]) {
        this.fieldLengths = fields.map(() => []);
        this.totalFieldLengths = fields.map(() => 0);
    }

    get size(): number {
        return this.slotByKey.size;
    }

    /** Indexes the document, replacing the one with its key. */
    set(key: string, texts: Readonly<Record<F, string>>): void {
        this.remove(key);
        const slot = this.slotKeys.length;
        const distinct = new Set<string>();
        this.fields.forEach((field, fieldIndex) => {
            const counts = new Map<string, number>();
            for (const term of this.terms(texts[field])) {
                counts.set(term, (counts.get(term) ?? 0) + 1);
            }
            this.fieldLengths[fieldIndex][slot] = counts.size;
            this.totalFieldLengths[fieldIndex] += counts.size;
            for (const [term, count] of counts) {
                const postings = this.postings.fetch(term, () => []);
                const field = postings[fieldIndex] ??= { slots: [], counts: [] };
                field.slots.push(slot);
                field.counts.push(count);
                distinct.add(term);
            }
        });
        this.slotKeys.push(key);
        this.slotTerms.push([...distinct]);
        this.slotByKey.set(key, slot);
    }

    remove(key: string): boolean {
        const slot = this.slotByKey.get(key);
        if (slot === undefined) {
            return false;
        }
        for (const term of this.slotTerms[slot]!) {
            const postings = this.postings.get(term)!;
            postings.forEach(field => {
                const at = field ? indexOfSlot(field.slots, slot) : -1;
                if (at >= 0) {
                    field!.slots.splice(at, 1);
                    field!.counts.splice(at, 1);
                }
            });
            if (postings.every(field => !field || field.slots.length === 0)) {
                this.postings.delete(term);
            }
        }
        this.fields.forEach((_, fieldIndex) => this.totalFieldLengths[fieldIndex] -= this.fieldLengths[fieldIndex][slot]);
        this.slotKeys[slot] = undefined;
        this.slotTerms[slot] = undefined;
        this.slotByKey.delete(key);
        if (this.slotKeys.length > 2 * this.slotByKey.size + 1024) {
            this.compact();
        }
        return true;
    }

    search(query: RankedSearch<F>): RankedResults {
        const queryTerms = [...new Set(query.terms)];
        const scratch = this.scratchFor(this.slotKeys.length);
        try {
            const derivedByQueryTerm = queryTerms.map((term, termIndex) => {
                const derived = this.derivedTerms(term, query.prefix(term), query.fuzzyDistance(term));
                for (const { weight, postings } of derived) {
                    this.fields.forEach((field, fieldIndex) => {
                        const occurrences = postings[fieldIndex];
                        if (occurrences && occurrences.slots.length > 0) {
                            this.addScores(occurrences, fieldIndex, weight * query.boost[field], termIndex + 1, scratch);
                        }
                    });
                }
                return derived;
            });
            return this.ranked(query, queryTerms.length, derivedByQueryTerm.flat(), scratch);
        } finally {
            scratch.clear();
        }
    }

    private ranked(query: RankedSearch<F>, termCount: number, derived: DerivedTerm[], { scores, matched, touched }: Scratch): RankedResults {
        const candidates = (required: number) => touched.filter(slot => matched[slot] >= required && (!query.accept || query.accept(this.slotKeys[slot]!)));
        let found = candidates(query.combineWith === 'AND' ? termCount : 1);
        if (found.length === 0 && query.combineWith === 'AND' && termCount > 1) {
            found = candidates(1);
        }
        // As MiniSearch: a document's score is multiplied by the number of query terms it matched.
        const finalScore = (slot: number) => scores[slot] * matched[slot];
        const top = topSlots(found, finalScore, query.limit);
        return {
            total: found.length,
            hits: top.map(slot => ({ key: this.slotKeys[slot]!, score: finalScore(slot), terms: matchedTerms(slot, derived) }))
        };
    }

    /** The per-slot arrays of a query, kept between queries (a search runs start to end synchronously). */
    private scratchFor(slotCount: number): Scratch {
        if (!this.scratch || this.scratch.scores.length < slotCount) {
            this.scratch = new Scratch(Math.max(slotCount, 2 * (this.scratch?.scores.length ?? 0)));
        }
        return this.scratch;
    }

    /** The query term itself, then its prefix extensions, then its fuzzy neighbours (a prefix match is not also fuzzy). */
    private derivedTerms(term: string, prefix: boolean, fuzzyDistance: number): DerivedTerm[] {
        const derived: DerivedTerm[] = [];
        const exact = this.postings.get(term);
        if (exact) {
            derived.push({ term, weight: 1, postings: exact });
        }
        const seen = new Set([term]);
        if (prefix) {
            for (const [extended, postings] of this.postings.atPrefix(term)) {
                if (!seen.has(extended)) {
                    seen.add(extended);
                    const distance = extended.length - term.length;
                    derived.push({ term: extended, weight: PREFIX_WEIGHT * extended.length / (extended.length + 0.3 * distance), postings });
                }
            }
        }
        if (fuzzyDistance > 0) {
            for (const [neighbour, [postings, distance]] of this.postings.fuzzyGet(term, fuzzyDistance)) {
                if (!seen.has(neighbour) && distance > 0) {
                    derived.push({ term: neighbour, weight: FUZZY_WEIGHT * neighbour.length / (neighbour.length + distance), postings });
                }
            }
        }
        return derived;
    }

    private addScores(occurrences: FieldPostings, fieldIndex: number, weight: number, termNumber: number, into: Scratch): void {
        const { slots, counts } = occurrences;
        const documents = this.slotByKey.size;
        const averageLength = this.totalFieldLengths[fieldIndex] / documents;
        const lengths = this.fieldLengths[fieldIndex];
        const inverseFrequency = Math.log(1 + (documents - slots.length + 0.5) / (slots.length + 0.5));
        const { scores, matched, lastCounted, touched } = into;
        for (let i = 0; i < slots.length; i++) {
            const slot = slots[i];
            const count = counts[i];
            const saturation = count * (BM25.k + 1) / (count + BM25.k * (1 - BM25.b + BM25.b * lengths[slot] / averageLength));
            scores[slot] += weight * inverseFrequency * (BM25.d + saturation);
            if (lastCounted[slot] !== termNumber) {
                if (matched[slot] === 0) {
                    touched.push(slot);
                }
                lastCounted[slot] = termNumber;
                matched[slot]++;
            }
        }
    }

    /** Renumbers the live documents 0..n-1, so per-query arrays stay the size of the index after many replacements. */
    private compact(): void {
        const renumbered = new Int32Array(this.slotKeys.length).fill(-1);
        const live = this.slotKeys.flatMap((key, slot) => key === undefined ? [] : [slot]);
        live.forEach((slot, next) => renumbered[slot] = next);
        for (const [, postings] of this.postings) {
            for (const field of postings) {
                if (field) {
                    field.slots = field.slots.map(slot => renumbered[slot]);
                }
            }
        }
        this.slotKeys = live.map(slot => this.slotKeys[slot]);
        this.slotTerms = live.map(slot => this.slotTerms[slot]);
        this.fieldLengths = this.fieldLengths.map(lengths => live.map(slot => lengths[slot]));
        this.slotKeys.forEach((key, slot) => this.slotByKey.set(key!, slot));
    }
}

class Scratch {
    readonly scores: Float64Array;
    /** Per slot: how many query terms it matched, and the last query term counted (1-based). */
    readonly matched: Uint32Array;
    readonly lastCounted: Uint32Array;
    /** The slots with a score, to clear. */
    touched: number[] = [];

    constructor(size: number) {
        this.scores = new Float64Array(size);
        this.matched = new Uint32Array(size);
        this.lastCounted = new Uint32Array(size);
    }

    clear(): void {
        for (const slot of this.touched) {
            this.scores[slot] = 0;
            this.matched[slot] = 0;
            this.lastCounted[slot] = 0;
        }
        this.touched = [];
    }
}

/** The `limit` best slots, best first; equal scores in slot order (the order documents were indexed). */
function topSlots(slots: number[], score: (slot: number) => number, limit: number): number[] {
    const best = (a: number, b: number) => score(b) - score(a) || a - b;
    if (slots.length <= limit * 4) {
        return slots.sort(best).slice(0, limit);
    }
    // A bounded insertion into the kept `limit`, worst last: most slots fall below the worst kept one and cost one comparison.
    const kept: number[] = [];
    for (const slot of slots) {
        if (kept.length === limit && best(slot, kept[limit - 1]) >= 0) {
            continue;
        }
        let at = kept.length === limit ? limit - 1 : kept.length;
        while (at > 0 && best(slot, kept[at - 1]) < 0) {
            kept[at] = kept[at - 1];
            at--;
        }
        kept[at] = slot;
    }
    return kept;
}

function matchedTerms(slot: number, derived: DerivedTerm[]): string[] {
    return [...new Set(derived.filter(({ postings }) => postings.some(field => field && indexOfSlot(field.slots, slot) >= 0)).map(({ term }) => term))];
}

function indexOfSlot(slots: readonly number[], slot: number): number {
    let low = 0;
    let high = slots.length - 1;
    while (low <= high) {
        const middle = (low + high) >>> 1;
        if (slots[middle] === slot) {
            return middle;
        }
        if (slots[middle] < slot) {
            low = middle + 1;
        } else {
            high = middle - 1;
        }
    }
    return -1;
}
