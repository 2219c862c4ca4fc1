import { ChildProcess, fork } from 'child_process';
import * as path from 'path';
import { COMMAND_LAUNCHER_MAIN, LauncherEvent, StartCommand } from './command-launcher-protocol';

export interface CommandOptions {
    command: string;
    cwd: string;
    env: Record<string, string>;
}

export interface LaunchedCommandEvents {
    output(data: Buffer): void;
    exit(exitCode: number | null, signal: NodeJS.Signals | null): void;
    close(exitCode: number | null, signal: NodeJS.Signals | null): void;
}

interface InFlight {
    events: LaunchedCommandEvents;
    pid?: number;
    spawned?: (pid: number) => void;
    failed?: (error: Error) => void;
}

/**
 * The backend's side of the command launcher: started on the first command and again after it died, kept while the
 * backend runs. It holds the event loop only while commands are in flight.
 */
export class CommandLauncher {
    private launcher: ChildProcess | undefined;
    private nextId = 1;
    private readonly inFlight = new Map<number, InFlight>();

    constructor(private readonly program = path.join(__dirname, COMMAND_LAUNCHER_MAIN)) { }

    /** Spawns the command; resolves with the shell's pid once it runs, rejects if it could not be spawned. */
    start(options: CommandOptions, events: LaunchedCommandEvents): Promise<number> {
        return new Promise((resolve, reject) => {
            const launcher = this.launcher ?? this.startLauncher();
            const id = this.nextId++;
            this.inFlight.set(id, { events, spawned: resolve, failed: reject });
            this.holdEventLoop(launcher, true);
            const message: StartCommand = { type: 'start', id, ...options };
            launcher.send(message, error => error && this.settle(id)?.failed?.(error));
        });
    }

    private startLauncher(): ChildProcess {
        const launcher = fork(this.program, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
        launcher.on('message', (event: LauncherEvent) => this.handle(event));
        const lost = (error: Error): void => {
            if (this.launcher !== launcher) {
                return;
            }
            this.launcher = undefined;
            for (const [id, command] of [...this.inFlight]) {
                this.inFlight.delete(id);
                if (command.failed) {
                    command.failed(error);
                } else {
                    // Its output had no reader left: nothing could tell the caller what it does any more.
                    signalProcessGroup(command.pid!, 'SIGKILL');
                    command.events.close(null, null);
                }
            }
        };
        launcher.on('error', lost);
        launcher.on('disconnect', () => lost(new Error('the command launcher exited')));
        launcher.on('exit', (code, signal) => lost(new Error(`the command launcher exited (${signal ?? code})`)));
        this.launcher = launcher;
        return launcher;
    }

    private handle(event: LauncherEvent): void {
        const command = this.inFlight.get(event.id);
        if (!command) {
            return;
        }
        switch (event.type) {
            case 'spawned':
                command.pid = event.pid;
                command.spawned?.(event.pid);
                command.spawned = command.failed = undefined;
                return;
            case 'spawn-failed':
                this.settle(event.id);
                command.failed?.(Object.assign(new Error(event.message), { code: event.code }));
                return;
            case 'output':
                command.events.output(Buffer.from(event.data.buffer, event.data.byteOffset, event.data.byteLength));
                return;
            case 'exit':
                command.events.exit(event.exitCode, event.signal);
                return;
            case 'close':
                this.settle(event.id);
                command.events.close(event.exitCode, event.signal);
        }
    }

    private settle(id: number): InFlight | undefined {
        const command = this.inFlight.get(id);
        this.inFlight.delete(id);
        if (this.inFlight.size === 0 && this.launcher) {
            this.holdEventLoop(this.launcher, false);
        }
        return command;
    }

    private holdEventLoop(launcher: ChildProcess, hold: boolean): void {
        for (const handle of [launcher, launcher.channel]) {
            if (hold) {
                handle?.ref();
            } else {
                handle?.unref();
            }
        }
    }
}

/** Signals the process group a launched command leads (each runs detached, in a group of its own). */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals): void {
    try {
        process.kill(-pid, signal);
    } catch {
        // ESRCH: the group is gone already
    }
}
