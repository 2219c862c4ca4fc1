import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { MemoryEntry, MemoryKind } from '../common/memory-types';
import { splitHighlights } from '../common/memory-highlight';
import { splitMarkdownSections } from './markdown-sections';
import { MemoryIndex } from './memory-index';
import { highlight, snippet } from './snippets';

let counter = 0;
function entry(fields: { title: string; body?: string; tags?: string[]; kind?: MemoryKind; updated?: string }): MemoryEntry {
    counter++;
    const time = fields.updated ?? `2024-01-01T00:00:${String(counter % 60).padStart(2, '0')}.000Z`;
    return {
        id: `entry-${counter}`, kind: fields.kind ?? 'note', title: fields.title, body: fields.body ?? '', tags: fields.tags ?? [],
        author: { kind: 'human', name: 'ada' }, created: time, updated: time, links: []
    };
}

function filler(words: number): string {
    const vocabulary = ['gateway', 'sandbox', 'container', 'request', 'session', 'token', 'profile', 'volume', 'image', 'network'];
    return Array.from({ length: words }, (_, i) => vocabulary[(i * 7) % vocabulary.length]).join(' ');
}

describe('MemoryIndex search', () => {
    it('ranks a title match above a body match', () => {
        const index = new MemoryIndex();
        const inBody = entry({ title: 'Deployment notes', body: `${filler(20)} kubernetes ${filler(20)}` });
        const inTitle = entry({ title: 'Kubernetes provider', body: filler(41) });
        index.setEntries([inBody, inTitle]);
        const { hits } = index.search({ query: 'kubernetes' });
        assert.deepEqual(hits.map(hit => hit.id), [inTitle.id, inBody.id]);
        assert.ok(hits[0].score > hits[1].score);
    });

    it('ranks a tag match above a body match', () => {
        const index = new MemoryIndex();
        const inBody = entry({ title: 'One', body: `${filler(10)} postgres ${filler(10)}` });
        const inTags = entry({ title: 'Two', body: filler(21), tags: ['postgres'] });
        index.setEntries([inBody, inTags]);
        assert.deepEqual(index.search({ query: 'postgres' }).hits.map(hit => hit.id), [inTags.id, inBody.id]);
    });

    it('finds by prefix and with a typo', () => {
        const index = new MemoryIndex();
        const target = entry({ title: 'Authentication', body: 'Sessions are signed with scrypt-derived keys.' });
        index.setEntries([target, entry({ title: 'Unrelated', body: filler(30) })]);
        for (const query of ['authent', 'authentcation', 'scryp', 'sesions']) {
            assert.deepEqual(index.search({ query }).hits.map(hit => hit.id), [target.id], query);
        }
        assert.deepEqual(index.search({ query: 'zebra' }).hits, []);
    });

    it('prefers entries with all query words, and falls back to any word', () => {
        const index = new MemoryIndex();
        const both = entry({ title: 'Proxy', body: 'websocket upgrade through the unix socket' });
        const one = entry({ title: 'Sockets', body: 'unix socket permissions' });
        index.setEntries([both, one]);
        assert.deepEqual(index.search({ query: 'websocket unix' }).hits.map(hit => hit.id), [both.id]);
        assert.deepEqual(index.search({ query: 'websocket permissions' }).hits.map(hit => hit.id).sort(), [both.id, one.id].sort());
    });

    it('filters by tag (all given tags) and by kind', () => {
        const index = new MemoryIndex();
        const a = entry({ title: 'Cache layer', tags: ['perf', 'backend'], kind: 'decision' });
        const b = entry({ title: 'Cache keys', tags: ['perf'], kind: 'convention' });
        const c = entry({ title: 'Cache headers', tags: ['frontend'], kind: 'decision' });
        index.setEntries([a, b, c]);
        index.setDoc('docs/cache.md', [{ heading: 'Cache', level: 1, line: 1, text: 'about the cache' }]);
        const ids = (query: Parameters<MemoryIndex['search']>[0]) => index.search(query).hits.map(hit => hit.id).sort();
        assert.deepEqual(ids({ query: 'cache', tags: ['perf'] }), [a.id, b.id].sort());
        assert.deepEqual(ids({ query: 'cache', tags: ['perf', 'backend'] }), [a.id]);
        assert.deepEqual(ids({ query: 'cache', kinds: ['decision'] }), [a.id, c.id].sort());
        assert.deepEqual(ids({ query: 'cache', kinds: ['doc'] }), ['docs/cache.md#L1']);
        assert.deepEqual(ids({ query: 'cache', kinds: ['convention', 'doc'] }), [b.id, 'docs/cache.md#L1'].sort());
        assert.equal(index.search({ query: 'cache' }).total, 4);
    });

    it('marks matched terms in the title and a snippet around the match', () => {
        const index = new MemoryIndex();
        const long = `${filler(60)} we chose Zanzibar-style authorization because ${filler(60)}`;
        index.setEntry(entry({ title: 'Authorization model', body: long }));
        const [hit] = index.search({ query: 'zanzibar authorization' }).hits;
        assert.equal(hit.highlightedTitle, '«Authorization» model');
        assert.match(hit.snippet, /^….*we chose «Zanzibar»-style «authorization» because .*…$/);
        assert.ok(hit.snippet.length < 260, hit.snippet);
        assert.deepEqual(splitHighlights('we «chose» it'), [
            { text: 'we ', highlighted: false }, { text: 'chose', highlighted: true }, { text: ' it', highlighted: false }]);
    });

    it('an empty query lists the most recently updated entries, then docs', () => {
        const index = new MemoryIndex();
        const old = entry({ title: 'Old', updated: '2023-01-01T00:00:00.000Z' });
        const recent = entry({ title: 'Recent', updated: '2025-01-01T00:00:00.000Z' });
        index.setEntries([old, recent]);
        index.setDoc('README.md', [{ heading: 'Readme', level: 1, line: 1, text: '' }]);
        const results = index.search({ query: '  ' , limit: 2 });
        assert.deepEqual(results.hits.map(hit => hit.id), [recent.id, old.id]);
        assert.equal(results.total, 3);
        assert.equal(results.hits[0].score, 0);
    });

    it('replaces and removes entries and docs', () => {
        const index = new MemoryIndex();
        const first = entry({ title: 'Alpha' });
        index.setEntry(first);
        index.setEntry({ ...first, title: 'Beta' });
        assert.deepEqual(index.search({ query: 'alpha' }).hits, []);
        assert.equal(index.search({ query: 'beta' }).hits.length, 1);
        assert.ok(index.removeEntry(first.id));
        assert.equal(index.search({ query: 'beta' }).hits.length, 0);
        index.setDoc('a.md', [{ heading: 'Gamma', level: 1, line: 1, text: '' }, { heading: 'Delta', level: 2, line: 5, text: '' }]);
        index.setDoc('a.md', [{ heading: 'Delta', level: 1, line: 1, text: '' }]);
        assert.deepEqual(index.search({ query: 'gamma' }).hits, []);
        assert.deepEqual(index.search({ query: 'delta' }).hits.map(hit => hit.id), ['a.md#L1']);
        index.removeDoc('a.md');
        assert.equal(index.size, 0);
    });

    it('searches 10 000 entries quickly (a bound loose enough for a busy machine)', () => {
        const index = new MemoryIndex();
        index.setEntries(Array.from({ length: 10_000 }, (_, i) => entry({ title: `Entry ${i} about ${filler(3 + i % 5)}`, body: filler(80) + ` marker${i}` })));
        const started = performance.now();
        const results = index.search({ query: 'sandbox contai' });
        const elapsed = performance.now() - started;
        assert.ok(results.total > 0);
        assert.equal(index.search({ query: 'marker4242' }).hits[0].title.startsWith('Entry 4242 '), true);
        assert.ok(elapsed < 500, `took ${elapsed} ms`);
    });
});

describe('snippets', () => {
    it('marks whole words by their search term, ignoring case and accents, and escapes literal markers', () => {
        assert.equal(highlight('Café CAFE cafeteria «x»', new Set(['cafe'])), '«Café» «CAFE» cafeteria ‹x›');
        assert.equal(snippet('short text', new Set(['none'])), 'short text');
        assert.equal(snippet('a\n\n  b', new Set()), 'a b');
    });
});

describe('splitMarkdownSections', () => {
    it('splits at ATX and setext headings with their 1-based lines, skipping code fences and front matter', () => {
        const markdown = [
            '---',            // 1
            'title: doc',     // 2
            '---',            // 3
            'Intro text.',    // 4
            '',               // 5
            '# Guide',        // 6
            'First.',         // 7
            '```sh',          // 8
            '# not a heading',// 9
            '```',            // 10
            'Setext Title',   // 11
            '============',   // 12
            'Body.',          // 13
            '## **Install** the [CLI](x) ##', // 14
            '- item',         // 15
            '---',            // 16 a thematic break after a list, not a heading
            'End.'            // 17
        ].join('\n');
        assert.deepEqual(splitMarkdownSections(markdown, 'guide.md'), [
            { heading: 'guide.md', level: 0, line: 1, text: 'title: doc\nIntro text.' },
            { heading: 'Guide', level: 1, line: 6, text: 'First.\n```sh\n# not a heading\n```' },
            { heading: 'Setext Title', level: 1, line: 11, text: 'Body.' },
            { heading: 'Install the CLI', level: 2, line: 14, text: '- item\n---\nEnd.' }
        ]);
    });

    it('drops an empty preamble and keeps empty headed sections', () => {
        assert.deepEqual(splitMarkdownSections('# Only\n', 'x.md'), [{ heading: 'Only', level: 1, line: 1, text: '' }]);
    });
});
