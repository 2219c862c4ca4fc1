import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as path from 'path';
import { Harness, startHarness, textOf } from '../test-helpers/tool-call-harness';

/*
 * Tools that write (write_file, edit_file, run_command) are aimed only at decoys in the test's
 * temporary directory: if confinement broke, a test run as root must not damage the machine.
 * Read-only tools are aimed at the real /etc as well.
 */
type Escapes = (outside: string) => string[];

const readFileEscapes: Escapes = outside => ['../etc/passwd', '/etc/passwd', 'etc-link/passwd', 'passwd-link',
    `${outside}/secret.txt`, 'outside-link/secret.txt', 'inside/../../outside/secret.txt', 'secret\0.txt'];
const writeFileEscapes: Escapes = outside => ['../outside/secret.txt', `${outside}/secret.txt`, 'fake-etc-link/passwd', 'decoy-passwd-link',
    'outside-link/secret.txt', 'outside-link/new-dir/new.txt', 'dangling-link', 'inside/../../outside/secret.txt', 'secret\0.txt'];
const readDirectoryEscapes: Escapes = outside => ['..', '/etc', 'etc-link', '/', outside, 'outside-link', 'outside-link/.', 'inside/../..'];
const commandDirectoryEscapes: Escapes = outside => ['..', '/etc', 'etc-link', outside, 'outside-link', 'inside/../..', 'cwd\0'];

/** Every path argument of every tool. */
const PATH_ARGUMENTS: { tool: string; argument: string; escapes: Escapes; args: (value: string) => Record<string, unknown> }[] = [
    { tool: 'read_text_file', argument: 'path', escapes: readFileEscapes, args: value => ({ path: value }) },
    { tool: 'write_file', argument: 'path', escapes: writeFileEscapes, args: value => ({ path: value, content: 'pwned' }) },
    { tool: 'edit_file', argument: 'path', escapes: writeFileEscapes, args: value => ({ path: value, edits: [{ oldText: 'secret', newText: 'pwned' }] }) },
    { tool: 'list_directory', argument: 'path', escapes: readDirectoryEscapes, args: value => ({ path: value }) },
    { tool: 'search_files', argument: 'path', escapes: readDirectoryEscapes, args: value => ({ pattern: 'root', path: value }) },
    { tool: 'run_command', argument: 'cwd', escapes: commandDirectoryEscapes, args: value => ({ command: 'pwd', cwd: value }) }
];

describe('path confinement over HTTP', () => {
    let harness: Harness;
    before(async () => {
        harness = await startHarness();
        const link = (target: string, name: string) => fs.symlink(target, path.join(harness.root, name));
        await fs.writeFile(path.join(harness.outside, 'secret.txt'), 'root secret\n');
        await fs.mkdir(path.join(harness.outside, 'fake-etc'));
        await fs.writeFile(path.join(harness.outside, 'fake-etc', 'passwd'), 'root secret\n');
        await link('/etc', 'etc-link');
        await link('/etc/passwd', 'passwd-link');
        await link(path.join(harness.outside, 'fake-etc'), 'fake-etc-link');
        await link(path.join(harness.outside, 'fake-etc', 'passwd'), 'decoy-passwd-link');
        await link(harness.outside, 'outside-link');
        await link(path.join(harness.outside, 'dangling-target'), 'dangling-link');
        await fs.mkdir(path.join(harness.root, 'inside'));
        await link('inside', 'inside-link');
    });
    after(() => harness.close());

    for (const target of PATH_ARGUMENTS) {
        it(`${target.tool}.${target.argument} refuses every way out of the workspace`, async () => {
            for (const value of target.escapes(harness.outside)) {
                const response = await harness.call(target.tool, target.args(value));
                assert.equal(response.status, 200);
                assert.equal(response.result?.isError, true, `${target.tool}.${target.argument} = ${JSON.stringify(value)} was accepted: ${textOf(response)}`);
                const expected = value.includes('\0')
                    ? `${target.argument} contains a NUL byte`
                    : `${target.argument} ${JSON.stringify(value)} is outside the workspace ${harness.root}`;
                assert.ok(textOf(response).startsWith(expected), `${JSON.stringify(value)}: ${textOf(response)}`);
            }
        });
    }

    it('the message names the escape exactly', async () => {
        const response = await harness.call('read_text_file', { path: '../etc/passwd' });
        assert.equal(textOf(response), `path "../etc/passwd" is outside the workspace ${harness.root}`);
    });

    it('nothing was written or created outside the workspace', async () => {
        assert.deepEqual((await fs.readdir(harness.outside)).sort(), ['fake-etc', 'secret.txt']);
        assert.deepEqual(await fs.readdir(path.join(harness.outside, 'fake-etc')), ['passwd']);
        assert.equal(await fs.readFile(path.join(harness.outside, 'secret.txt'), 'utf8'), 'root secret\n');
        assert.equal(await fs.readFile(path.join(harness.outside, 'fake-etc', 'passwd'), 'utf8'), 'root secret\n');
    });

    it('writes through a symlink that stays inside the workspace', async () => {
        const response = await harness.call('write_file', { path: 'inside-link/through.txt', content: 'ok' });
        assert.equal(response.result?.isError, false, textOf(response));
        assert.equal(await fs.readFile(path.join(harness.root, 'inside', 'through.txt'), 'utf8'), 'ok');
        assert.equal((await harness.call('list_directory', { path: 'inside-link' })).result?.isError, false);
        assert.equal((await harness.call('run_command', { command: 'true', cwd: 'inside-link' })).result?.isError, false);
    });

    it('refuses to write or edit through a symlink as the last component, even one that stays inside', async () => {
        await fs.writeFile(path.join(harness.root, 'inside', 'target.txt'), 'target\n');
        await fs.symlink('inside/target.txt', path.join(harness.root, 'target-link'));
        await fs.symlink('inside/not-yet.txt', path.join(harness.root, 'dangling-inside-link'));
        const refusal = (link: string, target: string) => `path "${link}" is a symlink (to "${target}"); ` +
            `files are not written through symlinks: use the path "${target}" instead`;

        for (const [link, target] of [['target-link', 'inside/target.txt'], ['dangling-inside-link', 'inside/not-yet.txt']]) {
            const written = await harness.call('write_file', { path: link, content: 'pwned' });
            assert.equal(written.result?.isError, true, textOf(written));
            assert.equal(textOf(written), refusal(link, target));
            assert.equal(await fs.readlink(path.join(harness.root, link)), target, 'the symlink is left as it was');
        }
        const edited = await harness.call('edit_file', { path: 'target-link', edits: [{ oldText: 'target', newText: 'pwned' }] });
        assert.equal(textOf(edited), refusal('target-link', 'inside/target.txt'));
        assert.equal(await fs.readFile(path.join(harness.root, 'inside', 'target.txt'), 'utf8'), 'target\n');
        await assert.rejects(fs.lstat(path.join(harness.root, 'inside', 'not-yet.txt')), 'the dangling symlink created nothing');

        // One leading out is refused as leaving the workspace, before anything is opened.
        const outward = await harness.call('write_file', { path: 'decoy-passwd-link', content: 'pwned' });
        assert.match(textOf(outward), /^path "decoy-passwd-link" is outside the workspace .* \(a symlink leads to .*fake-etc\/passwd\)$/);
        assert.equal(await fs.readFile(path.join(harness.outside, 'fake-etc', 'passwd'), 'utf8'), 'root secret\n');

        // Reading follows a symlink that stays inside: the file opened is checked, not the name.
        assert.equal(textOf(await harness.call('read_text_file', { path: 'target-link' })), 'target\n');
    });

    it('accepts absolute paths inside the workspace', async () => {
        const response = await harness.call('read_text_file', { path: path.join(harness.root, 'inside', 'through.txt') });
        assert.equal(textOf(response), 'ok');
    });
});
