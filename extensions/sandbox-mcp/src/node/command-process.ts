import { MAX_COMMAND_OUTPUT_BYTES } from '../common/tool-definitions';
import { CommandLauncher, CommandOptions, signalProcessGroup } from './command-launcher-client';
import { TailBuffer } from './tail-buffer';

export { CommandOptions };

export const KILL_GRACE_MS = 2000;

/** Once the shell exited, how long to wait for output still in the pipes (background children may hold them open). */
const OUTPUT_DRAIN_MS = 250;

export interface CommandExit {
    exitCode: number | null;
    signal: NodeJS.Signals | null;
}

const launcher = new CommandLauncher();

/** A command run by a login bash in its own process group, with its combined stdout and stderr (the tail of it). */
export class CommandProcess {
    readonly output = new TailBuffer(MAX_COMMAND_OUTPUT_BYTES);
    readonly startedAt = Date.now();
    readonly finished: Promise<CommandExit>;
    private exit: CommandExit | undefined;
    private finishedAt: number | undefined;
    private resolveFinished!: (exit: CommandExit) => void;
    private shellPid = 0;

    private constructor() {
        this.finished = new Promise(resolve => this.resolveFinished = resolve);
    }

    get pid(): number {
        return this.shellPid;
    }

    static async start(options: CommandOptions): Promise<CommandProcess> {
        const command = new CommandProcess();
        command.shellPid = await launcher.start(options, {
            output: chunk => command.output.append(chunk),
            exit: (exitCode, signal) => setTimeout(() => command.finish({ exitCode, signal }), OUTPUT_DRAIN_MS).unref(),
            close: (exitCode, signal) => command.finish({ exitCode, signal })
        });
        return command;
    }

    private finish(exit: CommandExit): void {
        if (!this.exit) {
            this.exit = exit;
            this.finishedAt = Date.now();
            this.resolveFinished(exit);
        }
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
            signalProcessGroup(this.pid, 'SIGTERM');
            setTimeout(() => signalProcessGroup(this.pid, 'SIGKILL'), KILL_GRACE_MS).unref();
        }
        return this.finished;
    }
}
