import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { ToolError } from './tool-error';
import { workspaceRootFromEnv, WorkspacePaths } from './workspace-paths';

describe('WorkspacePaths', () => {
    let base: string;
    let root: string;
    let paths: WorkspacePaths;

    before(async () => {
        base = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'workspace-paths-')));
        root = path.join(base, 'ws');
        await fs.mkdir(path.join(root, 'src', 'deep'), { recursive: true });
        await fs.mkdir(path.join(base, 'outside'));
        await fs.writeFile(path.join(root, 'src', 'a.ts'), 'a');
        await fs.symlink('/etc', path.join(root, 'etc-link'));
        await fs.symlink('/etc/passwd', path.join(root, 'passwd-link'));
        await fs.symlink('../outside', path.join(root, 'out-link'));
        await fs.symlink(path.join(base, 'outside', 'not-yet'), path.join(root, 'dangling-out'));
        await fs.symlink('src/new-file', path.join(root, 'dangling-in'));
        await fs.symlink('src', path.join(root, 'src-link'));
        await fs.symlink('loop-b', path.join(root, 'loop-a'));
        await fs.symlink('loop-a', path.join(root, 'loop-b'));
        paths = new WorkspacePaths(root);
    });

    after(() => fs.rm(base, { recursive: true, force: true }));

    const refused = async (input: string, message: RegExp) =>
        assert.rejects(paths.resolve('path', input), (error: unknown) => {
            assert.ok(error instanceof ToolError, `expected a ToolError, got ${error}`);
            assert.match(error.message, message);
            return true;
        });

    it('resolves workspace-relative and absolute paths inside the root', async () => {
        assert.deepEqual(await paths.resolve('path', 'src/a.ts'),
            { argument: 'path', input: 'src/a.ts', absolute: path.join(root, 'src', 'a.ts'), relative: 'src/a.ts', realRoot: root });
        assert.equal((await paths.resolve('path', path.join(root, 'src'))).relative, 'src');
        assert.equal((await paths.resolve('path', '.')).relative, '.');
        assert.equal((await paths.resolve('path', root)).relative, '.');
        assert.equal((await paths.resolve('path', 'src/../src/a.ts')).relative, 'src/a.ts');
    });

    it('resolves files that do not exist yet, however deep', async () => {
        const resolved = await paths.resolve('path', 'new/dir/file.txt');
        assert.equal(resolved.absolute, path.join(root, 'new', 'dir', 'file.txt'));
    });

    it('refuses .. escapes with the message agents see', async () => {
        await refused('../etc/passwd', new RegExp(`^path "\\.\\./etc/passwd" is outside the workspace ${root}$`));
        await refused('..', /outside the workspace/);
        await refused('src/../../ws-sibling', /outside the workspace/);
    });

    it('refuses absolute paths elsewhere, including a sibling sharing the prefix', async () => {
        await refused('/etc/passwd', /^path "\/etc\/passwd" is outside the workspace/);
        await refused(`${root}-other/file`, /outside the workspace/);
        await refused('/', /outside the workspace/);
    });

    it('refuses NUL bytes', async () => {
        await refused('src/a.ts\0.png', /^path contains a NUL byte$/);
    });

    it('refuses symlinks leading outside, along the path and as the last component', async () => {
        await refused('etc-link', /outside the workspace .* \(a symlink leads to \/etc\)/);
        await refused('etc-link/passwd', /a symlink leads to \/etc\/passwd/);
        await refused('passwd-link', /a symlink leads to \/etc\/passwd/);
        await refused('out-link/new-file.txt', /outside the workspace/);
        await refused('out-link/missing-dir/new-file.txt', /outside the workspace/);
    });

    it('follows a dangling symlink to where a write would land', async () => {
        await refused('dangling-out', /a symlink leads to .*outside\/not-yet/);
        assert.equal((await paths.resolve('path', 'dangling-in')).absolute, path.join(root, 'src', 'new-file'));
    });

    it('allows symlinks that stay inside the workspace', async () => {
        const resolved = await paths.resolve('path', 'src-link/a.ts');
        assert.equal(resolved.absolute, path.join(root, 'src', 'a.ts'));
        assert.equal(resolved.relative, 'src/a.ts');
    });

    it('reports symlink loops as errors', async () => {
        await assert.rejects(paths.resolve('path', 'loop-a'));
    });

    it('names the argument in its messages', async () => {
        await assert.rejects(paths.resolve('cwd', '/tmp'), /^ToolError: cwd "\/tmp" is outside the workspace/);
    });

    it('takes the root from IDE_WORKSPACE_DIR, /workspace by default', () => {
        assert.equal(workspaceRootFromEnv({ IDE_WORKSPACE_DIR: '/srv/ws/' }), '/srv/ws');
        assert.equal(workspaceRootFromEnv({}), '/workspace');
    });
});
