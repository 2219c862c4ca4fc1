import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CommandProcess } from './command-process';

// The launcher (forked on the first command) and its login shells read this home's profile, not the real one.
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'launcher-home-'));
process.env.HOME = home;

const options = (command: string, env: Record<string, string> = {}) => ({ command, cwd: os.tmpdir(), env });

async function run(command: string, env?: Record<string, string>): Promise<{ output: string; exitCode: number | null; totalBytes: number }> {
    const process = await CommandProcess.start(options(command, env));
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

    it('runs a command in a login shell started before it was asked for, and starts the next one', async () => {
        const launcherPid = Number((await run('echo $PPID')).output);
        const waiting = await shellsWaitingUnder(launcherPid);
        assert.equal(waiting.length, 1, 'one login shell waits for the next command');
        assert.equal(Number((await run('echo $$; shopt -q login_shell && echo login')).output.split('\n')[0]), waiting[0]);
        assert.equal((await run('shopt -q login_shell && echo login; echo "$# [$0]"')).output, 'login\n0 [bash]\n');
        assert.equal((await shellsWaitingUnder(launcherPid)).length, 1);
    });

    it('a profile changed since the waiting shell read it is read again', async () => {
        await run(`echo 'export FROM_PROFILE=first' >> ~/.profile`);
        assert.equal((await run('echo "$FROM_PROFILE"')).output, 'first\n');
        await run(`echo 'export FROM_PROFILE=second' >> ~/.profile`);
        assert.equal((await run('echo "$FROM_PROFILE"')).output, 'second\n');
        fs.rmSync(path.join(home, '.profile'));
        assert.equal((await run('echo "[$FROM_PROFILE]"')).output, '[]\n');
    });

    it('the caller\'s variables are exported after the profile, with any bytes but NUL in them', async () => {
        fs.writeFileSync(path.join(home, '.profile'), 'export GREETING=from-profile\nexport PATH=/usr/bin:/bin\n');
        try {
            const env = { GREETING: 'from "caller"\nline two $HOME', PATH: `/opt/custom:${process.env.PATH}` };
            for (let i = 0; i < 2; i++) {
                assert.equal((await run('printf "%s|" "$GREETING" "${PATH%%:*}"', env)).output, 'from "caller"\nline two $HOME|/opt/custom|');
            }
        } finally {
            fs.rmSync(path.join(home, '.profile'));
        }
    });

    it('a long command and one with a NUL byte: the first runs, the second is refused, the launcher stays', async () => {
        const long = 'x'.repeat(100_000);
        assert.equal((await run(`printf %s ${long} | wc -c`)).output.trim(), '100000');
        await assert.rejects(CommandProcess.start(options('echo a\0b')), /null bytes|ERR_INVALID_ARG_VALUE/);
        await assert.rejects(CommandProcess.start(options('true', { BAD: 'a\0b' })), /null bytes|ERR_INVALID_ARG_VALUE/);
        assert.equal((await run('echo still here')).output, 'still here\n');
    });
});

/** The pids of the launcher's bash children that have not been given a command (still reading their job). */
async function shellsWaitingUnder(launcherPid: number): Promise<number[]> {
    for (const deadline = Date.now() + 5000; ; await new Promise(resolve => setTimeout(resolve, 50))) {
        const shells = fs.readdirSync('/proc').filter(name => /^\d+$/.test(name)).flatMap(pid => {
            try {
                const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
                const [, comm, rest] = /^\d+ \((.*)\) (.*)$/s.exec(stat)!;
                const waiting = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').length === 5; // bash -lc SCRIPT bash ''
                return comm === 'bash' && Number(rest.split(' ')[1]) === launcherPid && waiting ? [Number(pid)] : [];
            } catch {
                return [];
            }
        });
        if (shells.length > 0 || Date.now() > deadline) {
            return shells;
        }
    }
}
