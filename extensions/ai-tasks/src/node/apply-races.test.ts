import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { ChildProcess } from 'child_process';
import * as fs from 'fs/promises';
import * as path from 'path';
import { runAndKill, startSwapper, stopSwapper, temporaryEntries } from '@ide/sandbox-mcp/lib/test-helpers/crash-race';
import { WorkspacePaths } from '@ide/sandbox-mcp/lib/node/workspace-paths';
import { applyFile, ApplyRefusal } from './apply-file';
import { TemporaryProject, temporaryProject } from '../test-helpers/ai-tasks';

const SECRET = 'outside secret\n';

/** The outside directory holds exactly secret.txt, unchanged in content and mode. */
async function assertOutsideUntouched(outside: string): Promise<void> {
    assert.deepEqual(await fs.readdir(outside), ['secret.txt']);
    assert.equal(await fs.readFile(path.join(outside, 'secret.txt'), 'utf8'), SECRET);
    assert.equal((await fs.stat(path.join(outside, 'secret.txt'))).mode & 0o777, 0o600);
}

describe('applying a file, against a hostile sandbox', () => {
    let project: TemporaryProject;
    let scratch: string;
    let outside: string;
    before(async () => {
        project = await temporaryProject({ '.git/config': '[core]\n', '.git/hooks/README': 'hooks\n' });
        scratch = path.join(project.base, 'scratch');
        outside = path.join(project.base, 'outside');
        await fs.mkdir(scratch);
        await fs.mkdir(outside);
        await fs.writeFile(path.join(outside, 'secret.txt'), SECRET, { mode: 0o600 });
    });
    after(() => project.remove());

    const workspaceFile = (relative: string) => path.join(project.workspace, relative);
    const propose = async (relative: string, content: string) => {
        await fs.mkdir(path.dirname(path.join(scratch, relative)), { recursive: true });
        await fs.writeFile(path.join(scratch, relative), content);
    };

    it('survives a SIGKILL at any point of a 5 MB apply: the old file or the new, never a part', async () => {
        const line = `${'y'.repeat(1000)}\n`;
        const oldContent = 'old\n' + line.repeat(1024);
        const newContent = 'new\n' + line.repeat(5 * 1024);
        await propose('big.txt', newContent);
        const child = path.join(__dirname, 'one-apply.js');
        const args = [project.workspace, scratch, 'big.txt', 'modified'];
        await fs.writeFile(workspaceFile('big.txt'), oldContent);
        const untouched = await runAndKill(child, args);
        assert.equal(await fs.readFile(workspaceFile('big.txt'), 'utf8'), newContent);
        let killedMidWrite = 0;
        for (let run = 0; run < 20; run++) {
            await fs.writeFile(workspaceFile('big.txt'), oldContent);
            const plan = run % 2 === 0
                ? { onChangeIn: { directory: project.workspace, name: /big\.txt/ } }
                : { afterMs: Math.random() * untouched.ms * 1.2 };
            const result = await runAndKill(child, args, plan);
            const content = await fs.readFile(workspaceFile('big.txt'), 'utf8');
            assert.ok(content === oldContent || content === newContent, `run ${run}: big.txt has ${content.length} characters, neither old nor new`);
            const leftovers = await temporaryEntries(project.workspace);
            if (result.killed && leftovers.length > 0) {
                killedMidWrite++;
            }
            await Promise.all(leftovers.map(name => fs.rm(workspaceFile(name))));
        }
        assert.ok(killedMidWrite > 0, 'no run was killed in the middle of writing');
        await fs.rm(workspaceFile('big.txt'));
        await fs.rm(path.join(scratch, 'big.txt'));
    });

    it('refuses a file in place of a workspace symlink, whether it leads inside or out', async () => {
        await fs.writeFile(workspaceFile('target.txt'), 'target\n');
        await fs.symlink('target.txt', workspaceFile('inside-link'));
        await fs.symlink(path.join(outside, 'secret.txt'), workspaceFile('outside-link'));
        for (const link of ['inside-link', 'outside-link']) {
            await propose(link, 'pwned\n');
            await assert.rejects(applyFile(project.workspace, scratch, link, 'modified'),
                new RegExp(`^ApplyRefusal: ${link}: is a symlink in the workspace; a task does not replace a symlink with a file$`));
            assert.ok((await fs.lstat(workspaceFile(link))).isSymbolicLink());
        }
        assert.equal(await fs.readFile(workspaceFile('target.txt'), 'utf8'), 'target\n');
        await assertOutsideUntouched(outside);
    });

    it('refuses a workspace directory that leads outside or into .git, and a scratch directory that leads outside', async () => {
        await fs.symlink(outside, workspaceFile('out-dir'));
        await fs.symlink('.git/hooks', workspaceFile('hooks'));
        await propose('out-dir/new.txt', 'pwned\n');
        await propose('hooks/pre-commit', '#!/bin/sh\necho pwned\n');
        await assert.rejects(applyFile(project.workspace, scratch, 'out-dir/new.txt', 'added'), /outside the workspace/);
        await assert.rejects(applyFile(project.workspace, scratch, 'out-dir/secret.txt', 'deleted'), /outside the workspace/);
        await assert.rejects(applyFile(project.workspace, scratch, 'hooks/pre-commit', 'added'), /leads into \.git, which is never changed/);
        await assert.deepEqual(await fs.readdir(workspaceFile('.git/hooks')), ['README']);

        await fs.rm(path.join(scratch, 'leak'), { recursive: true, force: true });
        await fs.symlink(outside, path.join(scratch, 'leak'));
        await assert.rejects(applyFile(project.workspace, scratch, 'leak/secret.txt', 'added'), /^ApplyRefusal: leak\/secret\.txt: is outside the scratch copy/);
        await assert.rejects(fs.lstat(workspaceFile('leak')), 'nothing read outside the scratch copy reached the workspace');
        await assertOutsideUntouched(outside);
    });

    it('checks the directory it opened: one swapped right after the check for a symlink into .git or outside is refused', async () => {
        const prototype = WorkspacePaths.prototype as unknown as Record<string, (...args: string[]) => Promise<unknown>>;
        const resolve = prototype.resolve;
        const swapAfterCheck = (target: string) => {
            prototype.resolve = async function (this: WorkspacePaths, ...args: string[]): Promise<unknown> {
                const result = await resolve.apply(this, args);
                prototype.resolve = resolve;
                await fs.rename(workspaceFile('w'), workspaceFile('w-away'));
                await fs.symlink(target, workspaceFile('w'));
                return result;
            };
        };
        const restore = async () => {
            prototype.resolve = resolve;
            await fs.rm(workspaceFile('w'), { force: true });
            await fs.rename(workspaceFile('w-away'), workspaceFile('w'));
        };
        await fs.mkdir(workspaceFile('w'));
        await propose('w/pre-commit', '#!/bin/sh\necho pwned\n');
        try {
            swapAfterCheck(workspaceFile('.git/hooks'));
            await assert.rejects(applyFile(project.workspace, scratch, 'w/pre-commit', 'added'),
                /^ApplyRefusal: w\/pre-commit: leads into \.git, which is never changed$/);
            await restore();
            swapAfterCheck(outside);
            await assert.rejects(applyFile(project.workspace, scratch, 'w/pre-commit', 'added'),
                new RegExp(`^ApplyRefusal: w/pre-commit: is outside the workspace \\(a symlink leads to ${outside}\\)$`));
        } finally {
            await restore();
        }
        assert.deepEqual(await fs.readdir(workspaceFile('.git/hooks')), ['README']);
        await assertOutsideUntouched(outside);
    });

    it('takes a proposed symlink as a symlink, never as what it points to', async () => {
        await fs.symlink(path.join(outside, 'secret.txt'), path.join(scratch, 'proposed-link'));
        await applyFile(project.workspace, scratch, 'proposed-link', 'added');
        assert.equal(await fs.readlink(workspaceFile('proposed-link')), path.join(outside, 'secret.txt'));
        await assertOutsideUntouched(outside);
    });

    describe('while another process swaps directories and files for symlinks', () => {
        let swapper: ChildProcess;
        before(async () => {
            for (const directory of ['d', 'e', 'real-g', 'h']) {
                await fs.mkdir(workspaceFile(directory));
                await propose(`${directory}/file.txt`, 'proposed\n');
            }
            await fs.writeFile(workspaceFile('e/file.txt'), 'inside\n');
            await fs.symlink('real-g', workspaceFile('g'));
            await propose('g/file.txt', 'proposed\n');
            await fs.mkdir(path.join(scratch, 's'));
            await propose('s/file.txt', 'proposed\n');
            swapper = await startSwapper([
                `dir:${workspaceFile('d')}:${outside}`,
                `file:${workspaceFile('e/file.txt')}:${path.join(outside, 'secret.txt')}`,
                `link:${workspaceFile('g')}:real-g:${workspaceFile('.git')}`,
                `dir:${workspaceFile('h')}:${workspaceFile('.git')}`,
                `dir:${path.join(scratch, 's')}:${outside}`
            ]);
        });
        after(() => stopSwapper(swapper));

        it('writes only inside the workspace, never into .git, reads only inside the scratch copy, and refuses clearly', async () => {
            const outcomes = new Map<string, number>();
            for (let round = 0; round < 150; round++) {
                for (const [relative, change] of [['d/file.txt', 'added'], ['e/file.txt', 'modified'], ['g/file.txt', 'added'], ['h/file.txt', 'added'],
                    ['s/file.txt', 'added'], ['d/file.txt', 'deleted'], [`d/new-${round}/file.txt`, 'added']] as const) {
                    if (relative.startsWith('d/new-')) {
                        await propose(relative, 'proposed\n').catch(() => undefined);
                    }
                    const outcome = await applyFile(project.workspace, scratch, relative, change).then(() => 'applied', (error: unknown) => {
                        assert.ok(error instanceof ApplyRefusal, `${relative}: not a refusal: ${error}`);
                        assert.ok(error.message.startsWith(`${relative}: `) || /^path "[^"]+" is outside the workspace /.test(error.message),
                            `${relative}: unclear refusal: ${error.message}`);
                        return error.message.replace(/\/\S+/g, '…');
                    });
                    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
                }
            }
            await stopSwapper(swapper);
            await assertOutsideUntouched(outside);
            assert.deepEqual((await fs.readdir(workspaceFile('.git'))).sort(), ['config', 'hooks']);
            assert.deepEqual(await fs.readdir(workspaceFile('.git/hooks')), ['README']);
            assert.ok((outcomes.get('applied') ?? 0) > 0, JSON.stringify([...outcomes]));
            assert.ok(outcomes.size > 2, `the races were not hit: ${JSON.stringify([...outcomes])}`);
        });
    });
});
