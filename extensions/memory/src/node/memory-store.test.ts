import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as path from 'path';
import * as YAML from 'yaml';
import { MemoryEntry } from '../common/memory-types';
import { parseEntry } from './entry-file';
import { slugOf } from './entry-id';
import { MemoryError } from './memory-error';
import { MemoryStore } from './memory-store';
import { TemporaryWorkspace, temporaryWorkspace } from '../test-helpers/memory';

const ADA = { kind: 'human' as const, name: 'ada' };

describe('MemoryStore', () => {
    let workspace: TemporaryWorkspace;
    let store: MemoryStore;
    let clock = Date.parse('2025-01-02T03:04:05.000Z');
    before(async () => {
        workspace = await temporaryWorkspace();
        store = new MemoryStore(workspace.root, { now: () => new Date(clock += 1000) });
    });
    after(() => workspace.remove());

    it('add writes one readable Markdown file with YAML front matter, named after the title', async () => {
        const entry = await store.add({
            kind: 'decision',
            title: 'Use PostgreSQL for gateway state',
            body: 'lowdb is fine for **one** gateway.\n\nReplicas need a real database.',
            tags: ['storage', 'scaling'],
            links: [{ path: 'backend/src/store.ts', line: 12 }, { path: 'README.md' }]
        }, ADA);
        assert.match(entry.id, /^use-postgresql-for-gateway-state-[a-z0-9]{6}$/);
        const text = await workspace.read(`.ide/memory/${entry.id}.md`);
        const [, frontMatter, body] = text.split(/^---\n/m);
        assert.equal(text.slice(0, 4), '---\n');
        assert.deepEqual(YAML.parse(frontMatter), {
            kind: 'decision',
            title: 'Use PostgreSQL for gateway state',
            tags: ['storage', 'scaling'],
            author: { kind: 'human', name: 'ada' },
            created: entry.created,
            updated: entry.created,
            links: ['backend/src/store.ts:12', 'README.md']
        });
        assert.equal(body, '\nlowdb is fine for **one** gateway.\n\nReplicas need a real database.\n');
        assert.match(entry.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it('round-trips every field through the file', async () => {
        const added = await store.add({ kind: 'fact', title: 'Ünïcödé «title» with: colons # and "quotes"', body: '---\nnot front matter\n---\n', tags: ['x'] }, ADA);
        assert.deepEqual(await store.get(added.id), added);
        assert.equal(added.body, '---\nnot front matter\n---');
        const { entries } = await store.readAll();
        assert.deepEqual(entries.find(entry => entry.id === added.id), added);
    });

    it('update replaces the given fields, keeps id, author and created, and moves updated', async () => {
        const added = await store.add({ kind: 'note', title: 'Old title', body: 'old body', tags: ['a'] }, ADA);
        const updated = await store.update(added.id, { title: 'New title', tags: ['b', 'c', 'b'] });
        assert.deepEqual(updated, { ...added, title: 'New title', tags: ['b', 'c'], updated: updated.updated });
        assert.ok(updated.updated > added.updated);
        assert.deepEqual(await store.get(added.id), updated);
    });

    it('delete removes the file; unknown ids are refused with not-found', async () => {
        const added = await store.add({ kind: 'note', title: 'Short lived' }, ADA);
        await store.delete(added.id);
        await assert.rejects(fs.access(store.filePath(added.id)));
        for (const attempt of [() => store.delete(added.id), () => store.update(added.id, { title: 'x' }), () => store.get(added.id)]) {
            await assert.rejects(attempt(), (error: MemoryError) => error.code === 'not-found' && error.message === `no memory entry with id "${added.id}"`);
        }
    });

    it('refuses ids that are not ids, before touching any file', async () => {
        await assert.rejects(store.delete('../../outside'), /invalid memory entry id: "\.\.\/\.\.\/outside" is not a memory entry id/);
    });

    it('writes atomically: no temporary files are left, also after many concurrent updates', async () => {
        const added = await store.add({ kind: 'note', title: 'Counter', body: '0' }, ADA);
        await Promise.all(Array.from({ length: 20 }, (_, i) => store.update(added.id, { tags: [`t${i}`] })));
        assert.deepEqual(await fs.readdir(store.directory).then(names => names.filter(name => !name.endsWith('.md'))), []);
        assert.equal(parseEntry(added.id, await fs.readFile(store.filePath(added.id), 'utf8')).tags.length, 1);
    });

    it('keeps ids unique for equal titles', async () => {
        const first = await store.add({ kind: 'note', title: 'Same' }, ADA);
        const second = await store.add({ kind: 'note', title: 'Same' }, ADA);
        assert.notEqual(first.id, second.id);
        assert.equal(slugOf('  Ça va?  Über-cool!! '), 'ca-va-uber-cool');
        assert.equal(slugOf('!!!'), 'entry');
        assert.ok(slugOf('word '.repeat(40)).length <= 48);
    });

    describe('links', () => {
        it('stores links relative to the workspace, accepting absolute paths inside it', async () => {
            const entry = await store.add({ kind: 'note', title: 'Links', links: [{ path: path.join(workspace.root, 'src', 'a.ts'), line: 3 }, { path: './docs/../README.md' }] }, ADA);
            assert.deepEqual(entry.links, [{ path: 'src/a.ts', line: 3 }, { path: 'README.md' }]);
        });

        it('refuses .. escapes, absolute paths outside and symlinks leading out', async () => {
            await fs.symlink(workspace.outside, path.join(workspace.root, 'escape'));
            const attempts: Array<[string, RegExp]> = [
                ['../outside/secret.txt', /links\[0\]\.path "\.\.\/outside\/secret\.txt" is outside the workspace/],
                [workspace.outside, /is outside the workspace/],
                ['/etc/passwd', /links\[0\]\.path "\/etc\/passwd" is outside the workspace/],
                ['escape/file.txt', /is outside the workspace .*a symlink leads to/]
            ];
            for (const [link, message] of attempts) {
                await assert.rejects(store.add({ kind: 'note', title: 'Escape', links: [{ path: link }] }, ADA),
                    (error: MemoryError) => error.code === 'invalid-input' && message.test(error.message));
            }
            const existing = await store.add({ kind: 'note', title: 'Escape later' }, ADA);
            await assert.rejects(store.update(existing.id, { links: [{ path: 'ok.txt' }, { path: '../x' }] }), /links\[1\]\.path "\.\.\/x" is outside/);
            assert.deepEqual((await store.get(existing.id)).links, []);
        });

        it('refuses to write when .ide/memory is a symlink out of the workspace', async () => {
            const other = await temporaryWorkspace();
            try {
                await fs.mkdir(path.join(other.root, '.ide'));
                await fs.symlink(other.outside, path.join(other.root, '.ide', 'memory'));
                const trapped = new MemoryStore(other.root);
                await assert.rejects(trapped.add({ kind: 'note', title: 'Nope' }, ADA), /the memory directory "\.ide\/memory" is outside the workspace/);
                assert.deepEqual(await fs.readdir(other.outside), []);
            } finally {
                await other.remove();
            }
        });
    });

    describe('bad input', () => {
        const refused = async (input: unknown, message: RegExp) => {
            await assert.rejects(store.add(input as never, ADA), (error: unknown) => {
                assert.ok(error instanceof MemoryError, String(error));
                assert.equal(error.code, 'invalid-input');
                assert.match(error.message, message);
                return true;
            });
        };

        it('an empty or blank title', async () => {
            await refused({ kind: 'note', title: '' }, /^invalid memory entry: title: must not be empty$/);
            await refused({ kind: 'note', title: '  \t ' }, /^invalid memory entry: title: must not be blank$/);
        });

        it('a title over 200 characters', async () => {
            await refused({ kind: 'note', title: 'x'.repeat(201) }, /title: is 201 characters long; at most 200 are allowed/);
            await store.add({ kind: 'note', title: 'x'.repeat(200) }, ADA);
        });

        it('a 10 MB body, quickly, naming the limit', async () => {
            const started = performance.now();
            await refused({ kind: 'note', title: 'Huge', body: 'x'.repeat(10 * 1024 * 1024) },
                /^invalid memory entry: body: is 10485760 bytes of UTF-8; at most 262144 bytes \(256 KiB\) are allowed$/);
            assert.ok(performance.now() - started < 200, `took ${performance.now() - started} ms`);
        });

        it('a body within the character limit but over it in UTF-8 bytes', async () => {
            await refused({ kind: 'note', title: 'Wide', body: '€'.repeat(100_000) }, /body: is 300000 bytes of UTF-8; at most 262144 bytes/);
            await store.add({ kind: 'note', title: 'Just fits', body: 'y'.repeat(256 * 1024) }, ADA);
        });

        it('invalid tags, and too many', async () => {
            await refused({ kind: 'note', title: 'T', tags: ['ok', 'Upper', '-dash', 'has space', 'x'.repeat(41)] },
                /^invalid memory entry: tags\[1\]: "Upper" is not a valid tag: .*; tags\[2\]: "-dash" .*; tags\[3\]: "has space" .*; tags\[4\]: "x{41}" is not a valid tag/);
            await refused({ kind: 'note', title: 'T', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, /tags: 21 tags; at most 20 are allowed/);
        });

        it('an unknown or missing kind, unknown fields, and a bad author', async () => {
            await refused({ kind: 'idea', title: 'T' }, /kind: must be one of decision, note, fact, convention \(got "idea"\)/);
            await refused({ title: 'T' }, /kind: is missing/);
            await refused({ kind: 'note', title: 'T', colour: 'red' }, /Unrecognized key: "colour"/);
            await assert.rejects(store.add({ kind: 'note', title: 'T' }, { kind: 'robot', name: '' } as never),
                /invalid author: kind: must be one of human, agent \(got "robot"\); name: must not be empty/);
        });

        it('nothing is written for refused input', async () => {
            const before = await fs.readdir(store.directory);
            await refused({ kind: 'note', title: '' }, /title/);
            assert.deepEqual(await fs.readdir(store.directory), before);
        });
    });

    describe('reading files written by hand', () => {
        const read = async (name: string, text: string) => {
            await workspace.write(`.ide/memory/${name}`, text);
            return store.readEntryFile(path.join(store.directory, name));
        };

        it('reports bad YAML, missing fields, no front matter and bad file names with a reason', async () => {
            assert.match((await read('bad-yaml.md', '---\ntitle: [unclosed\n---\nbody\n'))?.problem?.reason ?? '', /^invalid YAML front matter: /);
            assert.equal((await read('missing.md', '---\ntitle: Only a title\n---\n'))?.problem?.reason,
                'invalid front matter: kind: is missing; author: is missing; created: is missing; updated: is missing');
            assert.match((await read('plain.md', '# Just markdown\n'))?.problem?.reason ?? '', /^no YAML front matter/);
            assert.match((await read('Bad Name.md', '---\n---\n'))?.problem?.reason ?? '', /file name is not an entry id/);
            assert.deepEqual((await read('bad-yaml.md', '---\ntitle: [unclosed\n---\n'))?.problem?.file, '.ide/memory/bad-yaml.md');
            await assert.rejects(store.get('missing'), /memory entry "missing" cannot be read: invalid front matter: kind: is missing.*fix or delete \.ide\/memory\/missing\.md/);
        });

        it('accepts CRLF line ends, links as objects, and no tags', async () => {
            const text = '---\r\nkind: fact\r\ntitle: Windows\r\nauthor: {kind: agent, name: bot}\r\ncreated: 2024-01-01T00:00:00Z\r\n' +
                'updated: 2024-01-01T00:00:00Z\r\nlinks:\r\n  - {path: a.txt, line: 2}\r\n  - b.txt:7\r\n---\r\n\r\nline one\r\nline two\r\n';
            const entry = (await read('windows.md', text))?.entry as MemoryEntry;
            assert.deepEqual({ ...entry }, {
                id: 'windows', kind: 'fact', title: 'Windows', body: 'line one\nline two', tags: [], author: { kind: 'agent', name: 'bot' },
                created: '2024-01-01T00:00:00Z', updated: '2024-01-01T00:00:00Z', links: [{ path: 'a.txt', line: 2 }, { path: 'b.txt', line: 7 }]
            });
        });
    });
});
