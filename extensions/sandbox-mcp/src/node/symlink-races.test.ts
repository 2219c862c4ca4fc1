import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { ChildProcess } from 'child_process';
import * as fs from 'fs/promises';
import * as path from 'path';
import { startSwapper, stopSwapper } from '../test-helpers/crash-race';
import { Harness, startHarness, textOf } from '../test-helpers/tool-call-harness';

/*
 * While another process keeps swapping a directory, a symlink's target and a file for symlinks to
 * a directory outside the workspace, the file tools read, write and edit through them many times:
 * nothing outside is ever read or changed, and every call either works inside or fails clearly.
 */
const ROUNDS = 150;
const OUTSIDE_SECRET = 'outside secret\n';

const CLEAR_FAILURES = {
    'outside': /^path "[^"]+" is outside the workspace \//,
    'missing': /^path "[^"]+" does not exist$/,
    'a symlink': /^path "[^"]+" is a symlink \(to "[^"]+"\); files are not written through symlinks/,
    'swapped after the check': /^path "[^"]+" was replaced by a symlink after it was checked; nothing was (read|written)$/,
    'could not be written': /^path "[^"]+" could not be written: /,
    'not a directory': /^path "[^"]+" is not a directory$/,
    'edit found no match': /^edits\[0\]\.oldText was not found in /
};

describe('file tools under symlink races', () => {
    let harness: Harness;
    let swapper: ChildProcess;
    const failures = new Map<string, number>();

    before(async () => {
        harness = await startHarness();
        const { root, outside } = harness;
        await fs.writeFile(path.join(outside, 'file.txt'), OUTSIDE_SECRET, { mode: 0o600 });
        await fs.writeFile(path.join(outside, 'OUTSIDE-MARKER'), OUTSIDE_SECRET, { mode: 0o600 });
        for (const directory of ['d', 'e', 'real-l']) {
            await fs.mkdir(path.join(root, directory));
            await fs.writeFile(path.join(root, directory, 'file.txt'), 'inside\n');
        }
        await fs.symlink('real-l', path.join(root, 'l'));
        swapper = await startSwapper([
            `dir:${path.join(root, 'd')}:${outside}`,
            `file:${path.join(root, 'e', 'file.txt')}:${path.join(outside, 'file.txt')}`,
            `link:${path.join(root, 'l')}:real-l:${outside}`
        ]);
    });
    after(async () => {
        await stopSwapper(swapper);
        await harness.close();
    });

    /** Every failure must be one of the clear messages, naming the path it was given. */
    function checkFailure(file: string, text: string): void {
        const named = text.startsWith(`path ${JSON.stringify(file)} `);
        const kind = Object.entries(CLEAR_FAILURES).find(([, pattern]) => pattern.test(text))?.[0];
        assert.ok(kind && (named || kind === 'edit found no match'), `unclear failure for ${file}: ${text}`);
        failures.set(kind, (failures.get(kind) ?? 0) + 1);
    }

    async function call(tool: string, args: Record<string, unknown>): Promise<string | undefined> {
        const response = await harness.call(tool, args);
        const text = textOf(response);
        assert.ok(!text.includes(OUTSIDE_SECRET.trim()) && !text.includes('OUTSIDE-MARKER'), `${tool} read outside the workspace: ${text}`);
        if (response.result?.isError) {
            checkFailure(String(args.path), text);
            return undefined;
        }
        return text;
    }

    it('never reads or changes anything outside, and fails only clearly', async () => {
        let succeeded = 0;
        for (let round = 0; round < ROUNDS; round++) {
            const calls = ['d', 'e', 'l'].flatMap(directory => {
                const file = `${directory}/file.txt`;
                return [
                    () => call('write_file', { path: file, content: 'inside\n' }),
                    () => call('read_text_file', { path: file }),
                    () => call('edit_file', { path: file, edits: [{ oldText: 'inside', newText: 'inside, edited' }] }),
                    () => call('write_file', { path: `${directory}/new-${round}/deeper.txt`, content: 'inside\n' }),
                    () => call('list_directory', { path: directory })
                ];
            });
            // Three calls at a time, so that the tools race each other as well as the swapper.
            for (let next = 0; next < calls.length; next += 3) {
                const results = await Promise.all(calls.slice(next, next + 3).map(run => run()));
                succeeded += results.filter(result => result !== undefined).length;
            }
        }
        const outside = harness.outside;
        assert.deepEqual((await fs.readdir(outside)).sort(), ['OUTSIDE-MARKER', 'file.txt']);
        for (const name of ['OUTSIDE-MARKER', 'file.txt']) {
            assert.equal(await fs.readFile(path.join(outside, name), 'utf8'), OUTSIDE_SECRET);
            assert.equal((await fs.stat(path.join(outside, name))).mode & 0o777, 0o600);
        }
        assert.ok(succeeded > ROUNDS, `only ${succeeded} calls succeeded; failures: ${JSON.stringify([...failures])}`);
        assert.ok(failures.size > 1, `the races were not hit: ${JSON.stringify([...failures])}`);
    });
});
