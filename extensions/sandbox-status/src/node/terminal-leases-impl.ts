import { inject, injectable } from '@theia/core/shared/inversify';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { ProcessManager } from '@theia/process/lib/node/process-manager';
import type { Process } from '@theia/process/lib/node/process';
import { ShellProcess } from '@theia/terminal/lib/node/shell-process';
import { DEFAULT_TERMINAL_RECONNECT_MINUTES, LEASE_RENEW_EVERY_MS, TerminalLeases } from '../common/terminal-leases-protocol';

/**
 * Ends the shells of terminals no tab shows any more. Theia keeps every terminal's process for a
 * tab that may come back to it (its dispose is a no-op), so closed tabs left shells behind for good.
 * Open tabs renew the terminals they show; a shell nobody renewed for the reconnect window
 * (IDE_TERMINAL_RECONNECT_MINUTES) is killed. Task terminals are left to their tasks.
 */
@injectable()
export class TerminalLeasesImpl implements TerminalLeases, BackendApplicationContribution {
    protected readonly renewedAt = new Map<number, number>();
    protected readonly windowMs = Number(process.env.IDE_TERMINAL_RECONNECT_MINUTES || DEFAULT_TERMINAL_RECONNECT_MINUTES) * 60_000;
    protected timer: NodeJS.Timeout | undefined;

    @inject(ProcessManager) protected readonly processes!: ProcessManager;

    onStart(): void {
        this.timer = setInterval(() => this.endUnleased(), Math.min(LEASE_RENEW_EVERY_MS, this.windowMs / 2)).unref();
    }

    onStop(): void {
        clearInterval(this.timer);
    }

    async renew(terminalIds: number[]): Promise<void> {
        const now = Date.now();
        for (const id of terminalIds.slice(0, 1000)) {
            if (Number.isInteger(id)) {
                this.renewedAt.set(id, now);
            }
        }
    }

    protected endUnleased(now = Date.now()): void {
        for (const [id, shell] of this.shells()) {
            // A shell first seen now counts as renewed now: a new tab gets a full window to show it.
            const renewed = this.renewedAt.get(id) ?? now;
            this.renewedAt.set(id, renewed);
            if (now - renewed > this.windowMs) {
                console.info(`sandbox-status: ending terminal ${id} (pid ${shell.pid}): no tab has shown it for ${Math.round(this.windowMs / 60_000)} minutes`);
                this.renewedAt.delete(id);
                shell.kill();
            }
        }
        for (const id of this.renewedAt.keys()) {
            if (!this.processes.get(id)) {
                this.renewedAt.delete(id);
            }
        }
    }

    protected shells(): [number, ShellProcess][] {
        // The process manager keeps its map to itself; reading it is all this needs.
        const all = (this.processes as unknown as { processes: Map<number, Process> }).processes;
        return [...all].filter((entry): entry is [number, ShellProcess] => entry[1] instanceof ShellProcess && !entry[1].killed);
    }
}
