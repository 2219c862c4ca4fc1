import { injectable } from '@theia/core/shared/inversify';
import { CommandProcess } from './command-process';

export const MAX_BACKGROUND_PROCESSES = 32;
export const FINISHED_PROCESS_TTL_MS = 10 * 60_000;

/** The sandbox's background commands: those run_command handed over when they outlived their timeout. */
@injectable()
export class ProcessRegistry {
    private readonly processes = new Map<string, CommandProcess>();
    private lastId = 0;

    /** Returns the new processId, or undefined when the registry is full of running processes. */
    adopt(command: CommandProcess): string | undefined {
        this.forgetExpired();
        if (this.processes.size >= MAX_BACKGROUND_PROCESSES && !this.forgetOldestFinished()) {
            return undefined;
        }
        const id = `proc-${++this.lastId}`;
        this.processes.set(id, command);
        return id;
    }

    get(id: string): CommandProcess | undefined {
        this.forgetExpired();
        return this.processes.get(id);
    }

    private forgetExpired(now = Date.now()): void {
        for (const [id, command] of this.processes) {
            const finishedTime = command.finishedTime;
            if (finishedTime !== undefined && now - finishedTime > FINISHED_PROCESS_TTL_MS) {
                this.processes.delete(id);
            }
        }
    }

    private forgetOldestFinished(): boolean {
        let oldest: [string, number] | undefined;
        for (const [id, command] of this.processes) {
            const finishedTime = command.finishedTime;
            if (finishedTime !== undefined && (!oldest || finishedTime < oldest[1])) {
                oldest = [id, finishedTime];
            }
        }
        return oldest !== undefined && this.processes.delete(oldest[0]);
    }
}
