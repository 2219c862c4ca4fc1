import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import { CommandProcess } from './command-process';

const options = (command: string) => ({ command, cwd: os.tmpdir(), env: {} });

async function run(command: string): Promise<{ output: string; exitCode: number | null; totalBytes: number }> {
    const process = await CommandProcess.start(options(command));
    const { exitCode } = await process.finished;
    return { output: process.output.bytes().toString(), exitCode, totalBytes: process.output.totalBytes };
}

async function groupGoneWithin(pid: number, ms: number): Promise<boolean> {
    for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise(resolve => setTimeout(resolve, 50))) {
        try {
            process.kill(-pid, 0);
        } catch {
            return true;
        }
    }
    return false;
}

describe('command launcher', () => {
    it('spawns commands from its own small process, not from the backend', async () => {
        const { output } = await run('echo $PPID');
        const launcherPid = Number(output.trim());
        assert.notEqual(launcherPid, process.pid);
        assert.match(fs.readFileSync(`/proc/${launcherPid}/cmdline`, 'utf8'), /command-launcher/);
        assert.equal(Number(fs.readFileSync(`/proc/${launcherPid}/stat`, 'utf8').split(') ')[1].split(' ')[1]), process.pid, 'the launcher is the backend\'s child');
        const second = await run('echo $PPID');
        assert.equal(Number(second.output.trim()), launcherPid, 'one launcher for all commands');
    });

    it('passes every byte of a large output, in order', async () => {
        const { output, totalBytes, exitCode } = await run('seq 1 300000');
        assert.equal(exitCode, 0);
        assert.equal(totalBytes, Array.from({ length: 300000 }, (_, i) => `${i + 1}\n`).join('').length);
        assert.ok(output.endsWith('299999\n300000\n'));
    });

    it('a launcher that dies ends the commands it ran, and the next command gets a new one', async () => {
        const dying = await CommandProcess.start(options('echo started; kill -9 $PPID; sleep 30'));
        const exit = await dying.finished;
        assert.deepEqual(exit, { exitCode: null, signal: null });
        assert.ok(dying.durationMs < 10_000, 'it did not wait for the sleep');
        assert.ok(await groupGoneWithin(dying.pid, 5000), 'its process group is gone');
        const next = await run('echo again');
        assert.deepEqual(next, { output: 'again\n', exitCode: 0, totalBytes: 6 });
    });

    it('a command that cannot be spawned is refused with the reason', async () => {
        await assert.rejects(CommandProcess.start({ command: 'true', cwd: '/nonexistent-dir', env: {} }), /ENOENT/);
        assert.equal((await run('echo still here')).output, 'still here\n');
    });
});
