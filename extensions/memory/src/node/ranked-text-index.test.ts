import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import MiniSearch from 'minisearch';
import { RankedSearch, RankedTextIndex } from './ranked-text-index';

type Field = 'title' | 'body';
const FIELDS = ['title', 'body'] as const;
const BOOST = { title: 3, body: 1 };
const words = (text: string) => text.split(' ').filter(Boolean);

interface Doc { key: string; title: string; body: string }

/** A small vocabulary with shared prefixes and one-letter neighbours, so prefix and fuzzy terms both occur. */
const word = fc.constantFrom('cache', 'caches', 'cached', 'catch', 'batch', 'patch', 'parser', 'parse', 'pars', 'token', 'tokens', 'taken', 'queue', 'quota');
const text = (max: number) => fc.array(word, { maxLength: max }).map(list => list.join(' '));
const docs = fc.uniqueArray(fc.record({ key: fc.integer({ min: 0, max: 40 }).map(n => `doc-${n}`), title: text(4), body: text(20) }), { selector: doc => doc.key, maxLength: 30 });
const queryTerms = fc.array(word, { minLength: 1, maxLength: 3 }).map(list => [...new Set(list)]);

function options(terms: string[], combineWith: 'AND' | 'OR'): RankedSearch<Field> {
    return { terms, combineWith, boost: BOOST, prefix: term => term.length >= 2, fuzzyDistance: term => term.length >= 4 ? Math.round(term.length * 0.2) : 0, limit: 1000 };
}

function miniSearchOf(documents: Doc[]): MiniSearch<Doc> {
    const search = new MiniSearch<Doc>({ idField: 'key', fields: [...FIELDS], tokenize: words });
    search.addAll(documents);
    return search;
}

function rankedOf(documents: Doc[]): RankedTextIndex<Field> {
    const index = new RankedTextIndex(FIELDS, words);
    documents.forEach(doc => index.set(doc.key, doc));
    return index;
}

/** key -> score, and the matched terms, as MiniSearch reports them; AND falls back to OR when nothing has every term. */
function miniSearchResults(search: MiniSearch<Doc>, terms: string[], combineWith: 'AND' | 'OR') {
    const query = (combine: 'AND' | 'OR') => search.search(terms.join(' '), { combineWith: combine, boost: BOOST, prefix: term => term.length >= 2, fuzzy: term => term.length >= 4 ? 0.2 : false });
    let results = query(combineWith);
    if (results.length === 0 && combineWith === 'AND') {
        results = query('OR');
    }
    return new Map(results.map(result => [String(result.id), { score: result.score, terms: [...result.terms].sort() }]));
}

function assertSameRanking(index: RankedTextIndex<Field>, expected: ReturnType<typeof miniSearchResults>, search: RankedSearch<Field>): void {
    const actual = index.search(search);
    assert.equal(actual.total, expected.size);
    for (const hit of actual.hits) {
        const theirs = expected.get(hit.key);
        assert.ok(theirs, `${hit.key} is not a MiniSearch result`);
        assert.ok(Math.abs(hit.score - theirs.score) <= 1e-9 * Math.max(1, theirs.score), `${hit.key}: ${hit.score} vs ${theirs.score}`);
        assert.deepEqual([...hit.terms].sort(), theirs.terms);
    }
    for (let i = 1; i < actual.hits.length; i++) {
        assert.ok(actual.hits[i - 1].score >= actual.hits[i].score, 'best first');
    }
}

describe('RankedTextIndex', () => {
    it('matches, scores and reports terms as MiniSearch does (BM25+, field boosts, prefix and fuzzy terms, AND and OR)', () => {
        fc.assert(fc.property(docs, queryTerms, fc.constantFrom<'AND' | 'OR'>('AND', 'OR'), (documents, terms, combineWith) => {
            assertSameRanking(rankedOf(documents), miniSearchResults(miniSearchOf(documents), terms, combineWith), options(terms, combineWith));
        }), { numRuns: 300 });
    });

    it('after documents are replaced and removed, ranks as an index built from what is left', () => {
        fc.assert(fc.property(docs, docs, fc.array(fc.integer({ min: 0, max: 40 })), queryTerms, (first, replacements, removed, terms) => {
            const index = rankedOf(first);
            replacements.forEach(doc => index.set(doc.key, doc));
            removed.forEach(n => index.remove(`doc-${n}`));
            const left = new Map([...first, ...replacements].map(doc => [doc.key, doc]));
            removed.forEach(n => left.delete(`doc-${n}`));
            assert.equal(index.size, left.size);
            const expected = miniSearchResults(miniSearchOf([...left.values()]), terms, 'OR');
            assertSameRanking(index, expected, options(terms, 'OR'));
        }), { numRuns: 200 });
    });

    it('stays correct when many replacements renumber its documents', () => {
        const index = new RankedTextIndex(FIELDS, words);
        for (let round = 0; round < 5; round++) {
            for (let n = 0; n < 600; n++) {
                index.set(`doc-${n}`, { title: n % 2 ? 'cache' : 'queue', body: `token round${round} ${'parser '.repeat(n % 5)}` });
            }
        }
        assert.equal(index.size, 600);
        const results = index.search({ ...options(['cache', 'round4'], 'AND'), limit: 5 });
        assert.equal(results.total, 300);
        assert.equal(index.search({ ...options(['round3'], 'AND'), fuzzyDistance: () => 0 }).total, 0, 'no replaced text is left');
        assert.ok(results.hits.every(hit => Number(hit.key.slice(4)) % 2 === 1));
    });

    it('returns the best `limit` hits of many, counts them all, and leaves out what is not accepted', () => {
        const index = new RankedTextIndex(FIELDS, words);
        for (let n = 0; n < 2000; n++) {
            index.set(`doc-${n}`, { title: '', body: `cache ${'filler '.repeat(n % 50)}` });
        }
        const all = index.search({ ...options(['cache'], 'AND'), limit: 2000 });
        const top = index.search({ ...options(['cache'], 'AND'), limit: 10 });
        assert.equal(top.total, 2000);
        assert.deepEqual(top.hits, all.hits.slice(0, 10));
        const even = index.search({ ...options(['cache'], 'AND'), limit: 10, accept: key => Number(key.slice(4)) % 2 === 0 });
        assert.equal(even.total, 1000);
        assert.deepEqual(even.hits.map(hit => hit.key), all.hits.map(hit => hit.key).filter(key => Number(key.slice(4)) % 2 === 0).slice(0, 10));
    });

    it('falls back to any term when no document has them all', () => {
        const index = rankedOf([{ key: 'a', title: 'cache', body: '' }, { key: 'b', title: 'queue', body: '' }]);
        assert.deepEqual(index.search(options(['cache', 'queue'], 'AND')).hits.map(hit => hit.key).sort(), ['a', 'b']);
        assert.equal(index.search(options(['zebra'], 'AND')).total, 0);
    });
});
