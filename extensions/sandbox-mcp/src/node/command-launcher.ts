import { spawn } from 'child_process';
import type { LauncherEvent, StartCommand } from './command-launcher-protocol';

// The command launcher's program (see command-launcher-protocol.ts). It exits with the backend that started it.

function send(event: LauncherEvent, sent?: () => void): void {
    if (process.connected) {
        process.send!(event, undefined, undefined, sent);
    }
}

function start({ id, command, cwd, env }: StartCommand): void {
    // One login shell, not a shell that execs one: stderr joins stdout in one
    // pipe before the command is even parsed, so their order is kept and a syntax error is output too.
    const child = spawn('bash', ['-lc', 'exec 2>&1; eval "shift; $1"', 'bash', command], {
        cwd,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'ignore'],
        detached: true // its own process group (and session), so that the backend can signal everything it starts
    });
    child.once('error', error => send({ type: 'spawn-failed', id, message: error.message, code: (error as NodeJS.ErrnoException).code }));
    child.once('spawn', () => {
        child.removeAllListeners('error');
        child.on('error', () => undefined);
        send({ type: 'spawned', id, pid: child.pid! });
        const output = child.stdout!;
        output.on('data', (data: Buffer) => {
            // The backend gets the output as fast as it takes it, no faster: a flood waits in the pipe.
            output.pause();
            send({ type: 'output', id, data }, () => output.resume());
        });
        child.on('exit', (exitCode, signal) => send({ type: 'exit', id, exitCode, signal }));
        child.on('close', (exitCode: number | null, signal: NodeJS.Signals | null) => send({ type: 'close', id, exitCode, signal }));
    });
}

process.on('message', (message: StartCommand) => {
    if (message?.type === 'start') {
        start(message);
    }
});
process.on('disconnect', () => process.exit(0));
