import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { LauncherEvent, StartCommand } from './command-launcher-protocol';

// The command launcher's program (see command-launcher-protocol.ts). It exits with the backend that started it.

/**
 * What every command's login bash runs once its profile is read: stderr joined to stdout (so their order is kept and a
 * syntax error is output too), the caller's environment exported over the profile's, then the command with no
 * positional parameters. A shell started ahead (no arguments) reads its job from stdin as NUL-ended fields:
 * cwd, command, NAME=value...; one started for a job gets the command and the variables as arguments.
 */
const SHELL_SCRIPT = [
    'exec 2>&1',
    'if [ "$#" -eq 0 ]; then',
    '  IFS= read -r -d "" __cwd && IFS= read -r -d "" __command || exit 97',
    '  while IFS= read -r -d "" __kv; do export "$__kv"; done',
    '  exec </dev/null',
    '  cd -P -- "$__cwd" || exit 1',
    'else',
    '  __command=$1; shift',
    '  for __kv; do export "$__kv"; done',
    'fi',
    'set -- "$__command"; unset __cwd __command __kv',
    'eval "shift; $1"'
].join('\n');

/** Bash reads a pipe a byte at a time: a longer job is faster passed as arguments to a shell started for it. */
const MAX_JOB_THROUGH_STDIN = 4096;

function send(event: LauncherEvent, sent?: () => void): void {
    if (process.connected) {
        process.send!(event, undefined, undefined, sent);
    }
}

/**
 * A login shell started before it is needed, so that a command does not wait for a process and a profile (~3.5 ms of
 * a run_command's ~13). It was started with the profile files as they were then: changed since, it is not used.
 */
class ShellStartedAhead {
    private readonly loginFiles = loginFilesStamp();
    readonly child = spawn('bash', ['-lc', SHELL_SCRIPT, 'bash'], { stdio: ['pipe', 'pipe', 'ignore'], detached: true });
    private failed = false;

    constructor() {
        this.child.once('error', () => this.failed = true);
        this.child.once('exit', () => this.failed = true);
        this.child.stdin!.on('error', () => undefined);
    }

    usable(): boolean {
        return !this.failed && this.child.pid !== undefined && this.loginFiles === loginFilesStamp();
    }

    discard(): void {
        this.child.kill('SIGKILL');
    }
}

let ahead: ShellStartedAhead | undefined;

function start(job: StartCommand): void {
    const fields = [job.cwd, job.command, ...Object.entries(job.env).map(([name, value]) => `${name}=${value}`)];
    const input = fields.map(field => `${field}\0`).join('');
    if (ahead && !ahead.usable()) {
        ahead.discard();
        ahead = undefined;
    }
    const suitsStdin = fields.every(field => !field.includes('\0')) && Buffer.byteLength(input) <= MAX_JOB_THROUGH_STDIN && isDirectory(job.cwd);
    if (ahead && suitsStdin) {
        const shell = ahead;
        ahead = undefined;
        shell.child.stdin!.end(input);
        shell.child.removeAllListeners('error');
        run(job.id, shell.child);
    } else {
        // A job the waiting shell cannot take leaves it waiting for the next one.
        startForJob(job, fields.slice(2));
    }
}

/** Once a command is done, so that the next shell's profile does not take the CPU from the command or its answer. */
function startShellAhead(): void {
    try {
        ahead ??= new ShellStartedAhead();
    } catch {
        // The next command starts a shell of its own.
    }
}

function startForJob({ id, command, cwd }: StartCommand, variables: string[]): void {
    let child: ChildProcess;
    try {
        child = spawn('bash', ['-lc', SHELL_SCRIPT, 'bash', command, ...variables], {
            cwd,
            stdio: ['ignore', 'pipe', 'ignore'],
            detached: true // its own process group (and session), so that the backend can signal everything it starts
        });
    } catch (error) {
        // A NUL byte in an argument is refused before any process exists.
        send({ type: 'spawn-failed', id, message: (error as Error).message, code: (error as NodeJS.ErrnoException).code });
        return;
    }
    child.once('error', error => send({ type: 'spawn-failed', id, message: error.message, code: (error as NodeJS.ErrnoException).code }));
    child.once('spawn', () => {
        child.removeAllListeners('error');
        run(id, child);
    });
}

function run(id: number, child: ChildProcess): void {
    child.on('error', () => undefined);
    send({ type: 'spawned', id, pid: child.pid! });
    const output = child.stdout!;
    output.on('data', (data: Buffer) => {
        // The backend gets the output as fast as it takes it, no faster: a flood waits in the pipe.
        output.pause();
        send({ type: 'output', id, data }, () => output.resume());
    });
    child.on('exit', (exitCode, signal) => send({ type: 'exit', id, exitCode, signal }));
    child.on('close', (exitCode: number | null, signal: NodeJS.Signals | null) => {
        send({ type: 'close', id, exitCode, signal });
        setImmediate(startShellAhead);
    });
}

/** Whether a stat says so; anything it cannot say (EACCES, ENOTDIR) the spawn of a shell for the job reports. */
function isDirectory(directory: string): boolean {
    return statOrUndefined(directory)?.isDirectory() ?? false;
}

function statOrUndefined(file: string): fs.Stats | undefined {
    try {
        return fs.statSync(file, { throwIfNoEntry: false });
    } catch {
        return undefined;
    }
}

/** The files a login bash reads (Debian's /etc/profile sources /etc/bash.bashrc and /etc/profile.d; ~/.profile ~/.bashrc), as they are now. */
function loginFilesStamp(): string {
    const home = process.env.HOME ?? os.homedir();
    const profileD = '/etc/profile.d';
    const entries = (() => {
        try {
            return fs.readdirSync(profileD).map(name => path.join(profileD, name));
        } catch {
            return [];
        }
    })();
    return ['/etc/profile', '/etc/bash.bashrc', profileD, ...entries, ...['.bash_profile', '.bash_login', '.profile', '.bashrc'].map(name => path.join(home, name))]
        .map(file => {
            const stat = statOrUndefined(file);
            return stat ? `${stat.ino}:${stat.size}:${stat.mtimeMs}` : '-';
        }).join(' ');
}

process.on('message', (message: StartCommand) => {
    if (message?.type === 'start') {
        start(message);
    }
});
process.on('disconnect', () => {
    ahead?.discard();
    process.exit(0);
});
