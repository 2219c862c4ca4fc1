import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { writeFileAtomically } from './atomic-write';
import { ConfinedDirectory, openFileInside, OutsideRootError, withDirectory } from './confined-files';
import { temporaryEntries } from '../test-helpers/crash-race';

describe('confined files', () => {
    let base: string;
    let root: string;
    let outside: string;
    before(async () => {
        base = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'confined-files-')));
        root = path.join(base, 'root');
        outside = path.join(base, 'outside');
        await fs.mkdir(path.join(root, 'sub'), { recursive: true });
        await fs.mkdir(outside);
        await fs.writeFile(path.join(outside, 'secret.txt'), 'secret\n');
        await fs.writeFile(path.join(root, 'sub', 'file.txt'), 'inside\n');
        await fs.symlink(outside, path.join(root, 'out-link'));
        await fs.symlink('file.txt', path.join(root, 'sub', 'file-link'));
    });
    after(() => fs.rm(base, { recursive: true, force: true }));

    it('checks what was opened, not the name: a directory or file reached through a symlink outside is refused', async () => {
        await assert.rejects(ConfinedDirectory.open(root, path.join(root, 'out-link')), (error: unknown) =>
            error instanceof OutsideRootError && error.opened === outside);
        await assert.rejects(openFileInside(root, path.join(root, 'out-link', 'secret.txt')), OutsideRootError);
        const handle = await openFileInside(root, path.join(root, 'sub', 'file.txt'));
        assert.equal(await handle.readFile('utf8'), 'inside\n');
        await handle.close();
    });

    it('never opens a symlink as the last component', async () => {
        await assert.rejects(openFileInside(root, path.join(root, 'sub', 'file-link')), { code: 'ELOOP' });
        await withDirectory(ConfinedDirectory.open(root, root), async directory => {
            await assert.rejects(directory.openDirectory('out-link'), { code: 'ENOTDIR' });
            await assert.rejects(directory.makeDirectory('out-link'), { code: 'ENOTDIR' });
        });
    });

    it('reaches entries through the opened directory, even after a symlink took its place', async () => {
        await withDirectory(ConfinedDirectory.open(root, path.join(root, 'sub')), async directory => {
            await fs.rename(path.join(root, 'sub'), path.join(root, 'sub-moved'));
            await fs.symlink(outside, path.join(root, 'sub'));
            try {
                await directory.replaceFile('file.txt', 'replaced\n');
                assert.equal(await fs.readFile(path.join(root, 'sub-moved', 'file.txt'), 'utf8'), 'replaced\n');
                assert.equal(await fs.readFile(path.join(outside, 'secret.txt'), 'utf8'), 'secret\n');
                assert.deepEqual(await fs.readdir(outside), ['secret.txt']);
            } finally {
                await fs.unlink(path.join(root, 'sub'));
                await fs.rename(path.join(root, 'sub-moved'), path.join(root, 'sub'));
            }
        });
    });

    it('replaces a symlink entry instead of writing through it, sets the mode given, and leaves no temporary file', async () => {
        await fs.symlink(path.join(outside, 'secret.txt'), path.join(root, 'sub', 'to-secret'));
        await withDirectory(ConfinedDirectory.open(root, path.join(root, 'sub')), directory =>
            directory.replaceFile('to-secret', 'mine\n', 0o640));
        const stats = await fs.lstat(path.join(root, 'sub', 'to-secret'));
        assert.ok(stats.isFile());
        assert.equal(stats.mode & 0o777, 0o640);
        assert.equal(await fs.readFile(path.join(outside, 'secret.txt'), 'utf8'), 'secret\n');
        assert.deepEqual(await temporaryEntries(path.join(root, 'sub')), []);
    });

    it('removes the temporary file when the replace fails', async () => {
        await fs.mkdir(path.join(root, 'sub', 'a-directory'));
        await withDirectory(ConfinedDirectory.open(root, path.join(root, 'sub')), async directory => {
            await assert.rejects(directory.replaceFile('a-directory', 'x'), { code: 'EISDIR' });
        });
        assert.deepEqual(await temporaryEntries(path.join(root, 'sub')), []);
    });

    it('makes missing directories one inside the other', async () => {
        await withDirectory(ConfinedDirectory.open(root, path.join(root, 'new', 'deeper'), { create: true }), async directory => {
            assert.equal(await directory.path(), path.join(root, 'new', 'deeper'));
        });
        await assert.rejects(ConfinedDirectory.open(root, path.join(root, 'out-link', 'made'), { create: true }), OutsideRootError);
        assert.deepEqual(await fs.readdir(outside), ['secret.txt']);
    });

    it('writeFileAtomically keeps its old contract and can be confined', async () => {
        const file = path.join(root, 'sub', 'atomic.json');
        await writeFileAtomically(file, '{}\n');
        assert.equal(await fs.readFile(file, 'utf8'), '{}\n');
        assert.equal((await fs.stat(file)).mode & 0o777, 0o644);
        await assert.rejects(writeFileAtomically(path.join(root, 'out-link', 'x.json'), '{}', 0o644, root), OutsideRootError);
        assert.deepEqual(await fs.readdir(outside), ['secret.txt']);
    });
});
