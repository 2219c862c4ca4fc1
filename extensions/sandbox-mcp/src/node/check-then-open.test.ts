import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as path from 'path';
import { Harness, startHarness, textOf } from '../test-helpers/tool-call-harness';
import { WorkspacePaths } from './workspace-paths';

/*
 * The worst moment for a swap, made to happen every time: right after the path was checked and
 * before it is opened. What was opened is checked, so the tools still never leave the workspace.
 */
describe('a symlink swapped in right after the check', () => {
    let harness: Harness;
    let restoreCheck: (() => void) | undefined;
    const secret = 'outside secret\n';

    before(async () => {
        harness = await startHarness();
        await fs.writeFile(path.join(harness.outside, 'file.txt'), secret, { mode: 0o600 });
    });
    after(() => harness.close());
    beforeEach(async () => {
        for (const name of ['d', 'd-away']) {
            await fs.rm(path.join(harness.root, name), { recursive: true, force: true });
        }
        await fs.mkdir(path.join(harness.root, 'd'));
        await fs.writeFile(path.join(harness.root, 'd', 'file.txt'), 'inside\n');
    });
    afterEach(async () => {
        restoreCheck?.();
        restoreCheck = undefined;
        assert.deepEqual(await fs.readdir(harness.outside), ['file.txt']);
        assert.equal(await fs.readFile(path.join(harness.outside, 'file.txt'), 'utf8'), secret);
        assert.equal((await fs.stat(path.join(harness.outside, 'file.txt'))).mode & 0o777, 0o600);
    });

    /** Runs `swap` once, just after the next call of the check (WorkspacePaths' resolve or resolveParent). */
    function swapAfter(check: 'resolve' | 'resolveParent', swap: () => Promise<void>): void {
        const prototype = WorkspacePaths.prototype as unknown as Record<string, (...args: string[]) => Promise<unknown>>;
        const original = prototype[check];
        restoreCheck = () => { prototype[check] = original; };
        prototype[check] = async function (this: WorkspacePaths, ...args: string[]): Promise<unknown> {
            const result = await original.apply(this, args);
            restoreCheck!();
            await swap();
            return result;
        };
    }
    const directoryLeadsOutside = async () => {
        await fs.rename(path.join(harness.root, 'd'), path.join(harness.root, 'd-away'));
        await fs.symlink(harness.outside, path.join(harness.root, 'd'));
    };
    const fileLeadsOutside = async () => {
        await fs.rm(path.join(harness.root, 'd', 'file.txt'));
        await fs.symlink(path.join(harness.outside, 'file.txt'), path.join(harness.root, 'd', 'file.txt'));
    };
    const call = async (tool: string, args: Record<string, unknown>) => {
        const response = await harness.call(tool, args);
        assert.equal(response.result?.isError, true, `${tool} was accepted: ${textOf(response)}`);
        return textOf(response);
    };
    const outsideMessage = (input: string, leadsTo: string) =>
        `path "${input}" is outside the workspace ${harness.root} (a symlink leads to ${leadsTo})`;

    it('read_text_file: a directory on the path', async () => {
        swapAfter('resolve', directoryLeadsOutside);
        assert.equal(await call('read_text_file', { path: 'd/file.txt' }), outsideMessage('d/file.txt', path.join(harness.outside, 'file.txt')));
    });

    it('read_text_file: the file itself', async () => {
        swapAfter('resolve', fileLeadsOutside);
        assert.equal(await call('read_text_file', { path: 'd/file.txt' }), 'path "d/file.txt" was replaced by a symlink after it was checked; nothing was read');
    });

    it('list_directory: the directory itself', async () => {
        swapAfter('resolve', directoryLeadsOutside);
        assert.equal(await call('list_directory', { path: 'd' }), outsideMessage('d', harness.outside));
    });

    it('write_file: the directory it writes in, and one it would create a directory in', async () => {
        swapAfter('resolveParent', directoryLeadsOutside);
        assert.equal(await call('write_file', { path: 'd/file.txt', content: 'pwned' }), outsideMessage('d/file.txt', harness.outside));
    });

    it('write_file: a missing directory under the swapped one', async () => {
        swapAfter('resolveParent', directoryLeadsOutside);
        assert.equal(await call('write_file', { path: 'd/new/deeper.txt', content: 'pwned' }), outsideMessage('d/new/deeper.txt', harness.outside));
    });

    it('write_file: the file itself', async () => {
        swapAfter('resolveParent', fileLeadsOutside);
        assert.equal(await call('write_file', { path: 'd/file.txt', content: 'pwned' }),
            'path "d/file.txt" was replaced by a symlink after it was checked; nothing was written');
    });

    it('edit_file: the directory, and the file', async () => {
        const edit = { path: 'd/file.txt', edits: [{ oldText: 'secret', newText: 'pwned' }] };
        swapAfter('resolveParent', directoryLeadsOutside);
        assert.equal(await call('edit_file', edit), outsideMessage('d/file.txt', harness.outside));
        await fs.rm(path.join(harness.root, 'd'));
        await fs.rename(path.join(harness.root, 'd-away'), path.join(harness.root, 'd'));
        swapAfter('resolveParent', fileLeadsOutside);
        assert.equal(await call('edit_file', edit), 'path "d/file.txt" was replaced by a symlink after it was checked; nothing was written');
    });
});
