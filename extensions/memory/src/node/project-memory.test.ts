import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs/promises';
import * as path from 'path';
import { MemoryChange } from '../common/memory-protocol';
import { handWrittenEntry, TemporaryWorkspace, temporaryWorkspace, waitFor } from '../test-helpers/memory';
import { ProjectMemory } from './project-memory';

/** Writes a file from another process, as an editor, git or an agent's shell would. */
function writeFromAnotherProcess(file: string, content: string): void {
    execFileSync(process.execPath, ['-e', `
        const fs = require('fs'), path = require('path');
        fs.mkdirSync(path.dirname(process.argv[1]), { recursive: true });
        fs.writeFileSync(process.argv[1], process.argv[2]);`, file, content]);
}

function removeFromAnotherProcess(file: string): void {
    execFileSync(process.execPath, ['-e', 'require("fs").rmSync(process.argv[1], { recursive: true })', file]);
}

describe('ProjectMemory', () => {
    let workspace: TemporaryWorkspace;
    let memory: ProjectMemory;
    const changes: MemoryChange[] = [];
    const titles = async (query: string) => (await memory.search({ query })).hits.map(hit => hit.title);

    before(async () => {
        workspace = await temporaryWorkspace();
        await workspace.write('README.md', '# Sandbox IDE\n\nA browser IDE.\n\n## Quick start\n\nRun the quasar script.\n');
        await workspace.write('docs/adr/0001-lowdb.md', 'Preamble\n\n# Use lowdb\n\nState lives in a JSON file.\n\n## Consequences\n\nOne gateway only; nebula replicas later.\n');
        await workspace.write('docs/guide.markdown', '# Guide\n\nGuide text.\n');
        await workspace.write('docs/node_modules/skip.md', '# Skipped\n\nvendored nebula\n');
        await workspace.write('notes/other.md', '# Not a doc\n\nnebula\n');
        await workspace.write('CONTRIBUTING.md', '# Contributing\n\nOpen a pull request.\n');
        await workspace.write('.ide/memory/existing-aaaaaa.md', handWrittenEntry({ title: 'Existing entry', tags: ['seed'], body: 'Planted before start.' }));
        memory = await ProjectMemory.open(workspace.root, { debounceMs: 30 });
        memory.onDidChange(change => changes.push(change));
    });
    after(async () => {
        memory.close();
        await workspace.remove();
    });

    it('indexes entries and the docs, section by section with the heading line', async () => {
        const [quickStart] = (await memory.search({ query: 'quasar' })).hits;
        assert.deepEqual({ kind: quickStart.kind, path: quickStart.path, line: quickStart.line, title: quickStart.title, id: quickStart.id },
            { kind: 'doc', path: 'README.md', line: 5, title: 'Quick start', id: 'README.md#L5' });
        const nebula = (await memory.search({ query: 'nebula' })).hits;
        assert.deepEqual(nebula.map(hit => `${hit.path}:${hit.line} ${hit.title}`), ['docs/adr/0001-lowdb.md:7 Consequences']);
        assert.equal(nebula[0].snippet, 'One gateway only; «nebula» replicas later.');
        assert.deepEqual(await titles('guide'), ['Guide']);
        assert.deepEqual(await titles('pull request'), ['Contributing']);
        assert.deepEqual(await titles('planted'), ['Existing entry']);
        assert.deepEqual(memory.index.docPaths(), ['CONTRIBUTING.md', 'README.md', 'docs/adr/0001-lowdb.md', 'docs/guide.markdown']);
    });

    it('indexes what it writes before the call returns, and tells listeners', async () => {
        changes.length = 0;
        const entry = await memory.add({ kind: 'convention', title: 'Name tests after behaviour', body: 'Use the word xylophone.' });
        assert.deepEqual(await titles('xylophone'), ['Name tests after behaviour']);
        assert.deepEqual(changes, [{ files: [`.ide/memory/${entry.id}.md`] }]);
        assert.deepEqual(entry.author, { kind: 'human', name: 'user' });
        await memory.update(entry.id, { body: 'Use the word marimba.' });
        assert.deepEqual(await titles('xylophone'), []);
        assert.deepEqual(await titles('marimba'), ['Name tests after behaviour']);
        await memory.delete(entry.id);
        assert.deepEqual(await titles('marimba'), []);
    });

    it('makes an entry written on disk by another process searchable, and forgets it when deleted', async () => {
        const file = path.join(workspace.root, '.ide/memory/from-outside-bbbbbb.md');
        writeFromAnotherProcess(file, handWrittenEntry({ title: 'Written elsewhere', body: 'The ocelot arrives.' }));
        await waitFor(async () => (await titles('ocelot')).length === 1, 'the new entry to be indexed');
        writeFromAnotherProcess(file, handWrittenEntry({ title: 'Written elsewhere', body: 'The lynx arrives.' }));
        await waitFor(async () => (await titles('lynx')).length === 1, 'the changed entry to be re-indexed');
        assert.deepEqual(await titles('ocelot'), []);
        removeFromAnotherProcess(file);
        await waitFor(async () => (await titles('lynx')).length === 0, 'the deleted entry to disappear');
    });

    it('re-indexes a doc edited on disk, and drops a deleted doc folder', async () => {
        writeFromAnotherProcess(path.join(workspace.root, 'docs/adr/0002-postgres.md'), '# Use PostgreSQL\n\nWhen replicated: pangolin.\n');
        await waitFor(async () => (await titles('pangolin')).length === 1, 'the new ADR to be indexed');
        writeFromAnotherProcess(path.join(workspace.root, 'README.md'), '# Sandbox IDE\n\n## Quick start\n\nRun the pulsar script.\n');
        await waitFor(async () => (await memory.search({ query: 'pulsar' })).hits[0]?.line === 3, 'the README to be re-indexed');
        assert.deepEqual(await titles('quasar'), []);
        removeFromAnotherProcess(path.join(workspace.root, 'docs'));
        await waitFor(async () => (await titles('pangolin')).length === 0 && (await titles('guide')).length === 0, 'the docs folder to be forgotten');
    });

    it('notices folders created after it started: adr/, doc/decisions/', async () => {
        writeFromAnotherProcess(path.join(workspace.root, 'doc/decisions/deep/0003.md'), '# Cache\n\nUse a wombat cache.\n');
        await waitFor(async () => (await titles('wombat')).length === 1, 'doc/decisions to be indexed');
        writeFromAnotherProcess(path.join(workspace.root, 'adr/0004.md'), '# Queue\n\nUse a dingo queue.\n');
        await waitFor(async () => (await titles('dingo')).length === 1, 'adr/ to be indexed');
    });

    it('reports a corrupted entry with its file and reason, skips it, keeps the others searchable, and clears it when fixed', async () => {
        const broken = '.ide/memory/broken-cccccc.md';
        writeFromAnotherProcess(path.join(workspace.root, broken), '---\nkind: note\ntitle: [unclosed\n---\nThe tapir.\n');
        writeFromAnotherProcess(path.join(workspace.root, '.ide/memory/incomplete-cccccc.md'), '---\ntitle: No kind\n---\nThe tapir too.\n');
        await waitFor(async () => (await memory.problems()).length === 2, 'both problems to be reported');
        const problems = await memory.problems();
        assert.equal(problems[0].file, broken);
        assert.match(problems[0].reason, /^invalid YAML front matter: /);
        assert.deepEqual(problems[1], { file: '.ide/memory/incomplete-cccccc.md', reason: 'invalid front matter: kind: is missing; author: is missing; created: is missing; updated: is missing' });
        assert.deepEqual(await titles('tapir'), []);
        assert.deepEqual(await titles('planted'), ['Existing entry']);
        assert.deepEqual((await memory.list()).problems, problems);

        writeFromAnotherProcess(path.join(workspace.root, broken), handWrittenEntry({ title: 'Fixed', body: 'The tapir.' }));
        await memory.delete('incomplete-cccccc');
        await waitFor(async () => (await memory.problems()).length === 0, 'the problems to clear');
        assert.deepEqual(await titles('tapir'), ['Fixed']);
    });

    it('re-reads only the files that changed', async () => {
        for (let i = 0; i < 30; i++) {
            await workspace.write(`.ide/memory/bulk-${i}-dddddd.md`, handWrittenEntry({ title: `Bulk ${i}` }));
        }
        await memory.refresh();
        const read: string[] = [];
        const readEntryFile = memory.store.readEntryFile.bind(memory.store);
        memory.store.readEntryFile = file => {
            read.push(path.basename(file));
            return readEntryFile(file);
        };
        try {
            writeFromAnotherProcess(path.join(workspace.root, '.ide/memory/bulk-7-dddddd.md'), handWrittenEntry({ title: 'Bulk seven changed' }));
            await waitFor(async () => (await titles('seven')).length === 1, 'the change to be indexed');
            assert.deepEqual(read, ['bulk-7-dddddd.md']);
            assert.deepEqual(await memory.refresh(), []);
            assert.deepEqual(read, ['bulk-7-dddddd.md']);
        } finally {
            memory.store.readEntryFile = readEntryFile;
        }
    });

    it('starts on a workspace without .ide/memory and picks up the folder when it appears', async () => {
        const empty = await temporaryWorkspace();
        const fresh = await ProjectMemory.open(empty.root, { debounceMs: 30 });
        try {
            assert.deepEqual((await fresh.list()).entries, []);
            writeFromAnotherProcess(path.join(empty.root, '.ide/memory/late-eeeeee.md'), handWrittenEntry({ title: 'Late arrival' }));
            await waitFor(async () => (await fresh.search({ query: 'arrival' })).total === 1, 'the first entry to be indexed');
        } finally {
            fresh.close();
            await empty.remove();
        }
    });

    it('refuses a bad search with a clear error', async () => {
        await assert.rejects(memory.search({ query: 'x', kinds: ['idea' as never] }), /invalid memory search: kinds\[0\]: must be one of decision, note, fact, convention, doc \(got "idea"\)/);
        await assert.rejects(memory.search({ query: 'x', limit: 1000 }), /limit: at most 100 hits per search/);
    });

    it('does not watch every file: one watch per folder', async () => {
        const watched = (memory as unknown as { watcher: { watchedFolders(): string[] } }).watcher.watchedFolders();
        assert.ok(watched.includes('.ide/memory') && watched.includes(''), watched.join(', '));
        assert.ok(watched.length < 10, watched.join(', '));
        assert.ok(!watched.some(folder => folder.includes('node_modules') || folder.startsWith('notes')), watched.join(', '));
        await fs.access(path.join(workspace.root, '.ide/memory'));
    });

    it('forgets every entry when .ide/memory is removed, and finds them when it comes back', async () => {
        assert.deepEqual(await titles('planted'), ['Existing entry']);
        removeFromAnotherProcess(path.join(workspace.root, '.ide/memory'));
        await waitFor(async () => (await memory.list()).entries.length === 0, 'the entries to be forgotten');
        writeFromAnotherProcess(path.join(workspace.root, '.ide/memory/existing-aaaaaa.md'), handWrittenEntry({ title: 'Existing entry', body: 'Planted again.' }));
        await waitFor(async () => (await titles('planted')).length === 1, 'the entry to come back');
    });
});
