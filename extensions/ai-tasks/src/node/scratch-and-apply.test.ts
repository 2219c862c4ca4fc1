import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as path from 'path';
import { applyFile } from './apply-file';
import { ScratchCopy } from './scratch-copy';
import { StuckLoopCheck, canonicalJson } from './agent-loop';
import { costUsd } from './model-pricing';
import { TemporaryProject, temporaryProject } from '../test-helpers/ai-tasks';

describe('the scratch copy', () => {
    let project: TemporaryProject;
    let scratch: ScratchCopy;

    before(async () => {
        project = await temporaryProject({
            'src/main.sh': '#!/bin/bash\necho hi\n',
            '.gitignore': 'dist/\n*.log\n',
            '.git/HEAD': 'ref: refs/heads/main\n',
            'pkg/.git': 'gitdir: ../.git/modules/pkg\n',
            'node_modules/x/index.js': '1',
            'web/node_modules/y/index.js': '2',
            '.ide/tasks/task-old.json': '{}',
            '.ide/gates.json': '{"gates": []}'
        });
        await fs.chmod(path.join(project.workspace, 'src/main.sh'), 0o755);
        await fs.symlink('src/main.sh', path.join(project.workspace, 'run'));
        scratch = await ScratchCopy.create(project.workspace, path.join(project.scratchBase, 'task-1'));
    });
    after(() => project.remove());

    it('copies the project with modes and symlinks, hashing every file', async () => {
        assert.deepEqual([...scratch.startHashes.keys()].sort(), ['.gitignore', '.ide/gates.json', 'run', 'src/main.sh']);
        const stat = await fs.stat(path.join(scratch.root, 'src/main.sh'));
        assert.equal(stat.mode & 0o777, 0o755);
        assert.equal(await fs.readlink(path.join(scratch.root, 'run')), 'src/main.sh');
    });

    it('leaves out .git (at any depth) and .ide/tasks, and links node_modules to the workspace\'s', async () => {
        await assert.rejects(fs.access(path.join(scratch.root, 'pkg/.git')));
        await assert.rejects(fs.access(path.join(scratch.root, '.ide/tasks')));
        assert.equal(await fs.readlink(path.join(scratch.root, 'node_modules')), path.join(project.workspace, 'node_modules'));
        assert.equal(await fs.readlink(path.join(scratch.root, 'web/node_modules')), path.join(project.workspace, 'web/node_modules'));
        assert.equal(scratch.hasBaseline, true, 'git made a baseline repository in the copy');
    });

    it('reports what changed, leaving out ignored build output', async () => {
        await fs.writeFile(path.join(scratch.root, 'src/main.sh'), '#!/bin/bash\necho hello\n');
        await fs.writeFile(path.join(scratch.root, 'src/new.sh'), 'echo new\n');
        await fs.rm(path.join(scratch.root, '.ide/gates.json'));
        await fs.mkdir(path.join(scratch.root, 'dist'));
        await fs.writeFile(path.join(scratch.root, 'dist/out.js'), 'built');
        await fs.writeFile(path.join(scratch.root, 'debug.log'), 'log');
        assert.deepEqual(await scratch.changes(), [
            { path: '.ide/gates.json', change: 'deleted' },
            { path: 'src/main.sh', change: 'modified' },
            { path: 'src/new.sh', change: 'added' }
        ]);
        assert.equal((await scratch.startContent('src/main.sh'))?.toString(), '#!/bin/bash\necho hi\n');
    });

    it('knows which workspace files changed since the start', async () => {
        assert.equal(await scratch.isStale('src/main.sh'), false);
        await project.write('src/main.sh', 'changed by the user\n');
        assert.equal(await scratch.isStale('src/main.sh'), true);
        assert.equal(await scratch.isStale('src/new.sh'), false);
        await project.write('src/new.sh', 'the user made it too\n');
        assert.equal(await scratch.isStale('src/new.sh'), true);
    });
});

describe('applying a file', () => {
    let project: TemporaryProject;
    let scratchRoot: string;

    before(async () => {
        project = await temporaryProject({ 'a.txt': 'old\n', '.git/config': '[core]\n' });
        scratchRoot = path.join(project.base, 'scratch-root');
        await fs.mkdir(path.join(scratchRoot, 'deep/er'), { recursive: true });
        await fs.writeFile(path.join(scratchRoot, 'a.txt'), 'new\n');
        await fs.writeFile(path.join(scratchRoot, 'deep/er/b.txt'), 'b\n', { mode: 0o600 });
        await fs.mkdir(path.join(scratchRoot, '.git'));
        await fs.writeFile(path.join(scratchRoot, '.git/config'), 'evil\n');
        await fs.mkdir(path.join(project.base, 'outside'));
        await fs.symlink(path.join(project.base, 'outside'), path.join(project.workspace, 'escape'));
    });
    after(() => project.remove());

    it('writes modified and added files atomically, keeping modes, and deletes deleted ones', async () => {
        await applyFile(project.workspace, scratchRoot, 'a.txt', 'modified');
        assert.equal(await project.read('a.txt'), 'new\n');
        await applyFile(project.workspace, scratchRoot, 'deep/er/b.txt', 'added');
        assert.equal(await project.read('deep/er/b.txt'), 'b\n');
        assert.equal((await fs.stat(path.join(project.workspace, 'deep/er/b.txt'))).mode & 0o777, 0o600);
        await applyFile(project.workspace, scratchRoot, 'a.txt', 'deleted');
        await assert.rejects(fs.access(path.join(project.workspace, 'a.txt')));
        assert.deepEqual((await fs.readdir(project.workspace)).filter(name => name.endsWith('.tmp')), []);
    });

    it('never touches .git, and refuses paths that leave the workspace', async () => {
        await assert.rejects(applyFile(project.workspace, scratchRoot, '.git/config', 'modified'), /files under .git are never changed/);
        await assert.rejects(applyFile(project.workspace, scratchRoot, 'sub/.git/config', 'added'), /files under .git are never changed/);
        await assert.rejects(applyFile(project.workspace, scratchRoot, '.git/config', 'deleted'), /files under .git are never changed/);
        assert.equal(await project.read('.git/config'), '[core]\n');
        await assert.rejects(applyFile(project.workspace, scratchRoot, '../outside/x', 'added'), /not a file a task may change/);
        await assert.rejects(applyFile(project.workspace, scratchRoot, 'escape/x', 'deleted'), /outside the workspace/);
        await assert.rejects(applyFile(project.workspace, scratchRoot, 'node_modules/x', 'deleted'), /not a file a task may change/);
        await assert.rejects(applyFile(project.workspace, scratchRoot, '.ide/tasks/t.json', 'deleted'), /not a file a task may change/);
        assert.deepEqual(await fs.readdir(path.join(project.base, 'outside')), []);
    });
});

describe('agent loop helpers', () => {
    it('spots the same call three times in a row, whatever the key order', () => {
        const check = new StuckLoopCheck();
        assert.equal(check.check('read_text_file', { path: 'a', head: 1 }), undefined);
        assert.equal(check.check('read_text_file', { head: 1, path: 'a' }), undefined);
        assert.match(check.check('read_text_file', { path: 'a', head: 1 })!, /3 times in a row/);
        const other = new StuckLoopCheck();
        for (const input of [{ path: 'a' }, { path: 'a' }, { path: 'b' }, { path: 'a' }, { path: 'a' }]) {
            assert.equal(other.check('read_text_file', input), undefined);
        }
        assert.equal(canonicalJson({ b: [1, { d: 1, c: 2 }], a: null }), '{"a":null,"b":[1,{"c":2,"d":1}]}');
    });

    it('prices tokens like the gateway (cache write 1.25x, cache read 0.1x the input price)', () => {
        const price = { input: 3, output: 15 };
        assert.equal(costUsd(price, { inputTokens: 1_000_000, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 }), 3);
        assert.equal(costUsd(price, { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 1_000_000, cacheReadTokens: 1_000_000 }), 3.75 + 0.3);
        assert.equal(costUsd(undefined, { inputTokens: 5, outputTokens: 5, cacheWriteTokens: 0, cacheReadTokens: 0 }), 0);
    });
});
