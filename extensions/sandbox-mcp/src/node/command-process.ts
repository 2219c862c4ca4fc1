import { ChildProcess, spawn } from 'child_process';
import { MAX_COMMAND_OUTPUT_BYTES } from '../common/tool-definitions';
import { TailBuffer } from './tail-buffer';

export const KILL_GRACE_MS = 2000;

/** Once the shell exited, how long to wait for output still in the pipes (background children may hold them open). */
const OUTPUT_DRAIN_MS = 250;

export interface CommandExit {
    exitCode: number | null;
    signal: NodeJS.Signals | null;
}

export interface CommandOptions {
    command: string;
    cwd: string;
    env: Record<string, string>;
}

/** A command run by a login bash in its own process group, with its combined stdout and stderr (the tail of it). */
export class CommandProcess {
    readonly output = new TailBuffer(MAX_COMMAND_OUTPUT_BYTES);
    readonly startedAt = Date.now();
    readonly finished: Promise<CommandExit>;
    private exit: CommandExit | undefined;
    private finishedAt: number | undefined;

    private constructor(child: ChildProcess, readonly pid: number) {
        child.stdout!.on('data', (chunk: Buffer) => this.output.append(chunk));
        this.finished = new Promise(resolve => {
            const finish = (exit: CommandExit) => {
                if (!this.exit) {
                    this.exit = exit;
                    this.finishedAt = Date.now();
                    resolve(exit);
                }
            };
            child.on('exit', (exitCode, signal) => setTimeout(() => finish({ exitCode, signal }), OUTPUT_DRAIN_MS).unref());
            child.on('close', (exitCode: number | null, signal: NodeJS.Signals | null) => finish({ exitCode, signal }));
        });
    }

    static start(options: CommandOptions): Promise<CommandProcess> {
        return new Promise((resolve, reject) => {
            // One login shell, not a shell that execs one: stderr joins stdout in one
            // pipe before the command is even parsed, so their order is kept and a syntax error is output too.
            const child = spawn('bash', ['-lc', 'exec 2>&1; eval "shift; $1"', 'bash', options.command], {
                cwd: options.cwd,
                env: { ...process.env, ...options.env },
                stdio: ['ignore', 'pipe', 'ignore'],
                detached: true // its own process group (and session), so that we can signal everything it starts
            });
            child.once('error', reject);
            child.once('spawn', () => {
                child.off('error', reject);
                child.on('error', () => undefined); // a failed kill(); the exit events still follow
                resolve(new CommandProcess(child, child.pid!));
            });
        });
    }

    get running(): boolean {
        return this.exit === undefined;
    }

    get exitStatus(): CommandExit {
        return this.exit ?? { exitCode: null, signal: null };
    }

    get durationMs(): number {
        return (this.finishedAt ?? Date.now()) - this.startedAt;
    }

    /** When it finished, or undefined while it runs. */
    get finishedTime(): number | undefined {
        return this.finishedAt;
    }

    /** SIGTERM to the whole group, SIGKILL after KILL_GRACE_MS; resolves when the shell is gone. */
    kill(): Promise<CommandExit> {
        if (this.running) {
            this.signalGroup('SIGTERM');
            setTimeout(() => this.signalGroup('SIGKILL'), KILL_GRACE_MS).unref();
        }
        return this.finished;
    }

    private signalGroup(signal: NodeJS.Signals): void {
        try {
            process.kill(-this.pid, signal);
        } catch {
            // ESRCH: the group is gone already
        }
    }
}
