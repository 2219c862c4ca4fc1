import { Logger } from '../log.js';
import { SandboxProvider } from '../sandbox/sandbox-provider.js';
import { Store } from '../store/store.js';
import { SandboxLifecycle } from './sandbox-lifecycle.js';
import { WorkspaceService } from './workspace-service.js';

export interface IdleReaperOptions {
    sandboxes: SandboxProvider;
    lifecycle: SandboxLifecycle;
    workspaces: WorkspaceService;
    store: Store;
    log: Logger;
    checkEveryMs: number;
    /** A sandbox using more than this share of one CPU is busy (a build, a test run, a terminal at work). */
    busyCpuShare?: number;
}

/**
 * Stops sandboxes that are idle past their profile's `idleMinutes` (no request, no agent call, no
 * input in an open IDE tab, no CPU use; an open but untouched tab does not keep it running) or
 * older than its `maxLifetimeHours`. The next open or agent call starts them again.
 */
export class IdleReaper {
    private readonly timer: NodeJS.Timeout;
    private checking = false;

    constructor(private readonly options: IdleReaperOptions) {
        this.timer = setInterval(() => void this.check(), options.checkEveryMs).unref();
    }

    close(): void {
        clearInterval(this.timer);
    }

    async check(now = Date.now()): Promise<string[]> {
        if (this.checking) {
            return [];
        }
        this.checking = true;
        const stopped: string[] = [];
        try {
            const running = (await this.options.sandboxes.list()).filter(sandbox => sandbox.state === 'running');
            for (const sandbox of running) {
                const reason = await this.reasonToStop(sandbox.workspaceId, now);
                if (reason) {
                    await this.options.lifecycle.stop(sandbox.workspaceId, reason);
                    stopped.push(sandbox.workspaceId);
                }
            }
        } catch (error) {
            this.options.log.warn({ err: (error as Error).message }, 'idle check failed; will retry');
        } finally {
            this.checking = false;
        }
        return stopped;
    }

    private async reasonToStop(workspaceId: string, now: number): Promise<string | undefined> {
        const workspace = this.options.store.data.workspaces.find(candidate => candidate.id === workspaceId);
        if (!workspace) {
            return undefined;
        }
        const profile = this.options.workspaces.profileOf(workspace);
        const status = await this.options.sandboxes.status(workspaceId);
        const startedAt = status.startedAt ? Date.parse(status.startedAt) : now;
        if (profile.maxLifetimeHours > 0 && now - startedAt > profile.maxLifetimeHours * 3600_000) {
            return `it ran for its profile's maximum of ${profile.maxLifetimeHours} hours`;
        }
        const lastActive = Math.max(this.options.lifecycle.lastActiveAt(workspaceId) ?? 0, startedAt);
        if (now - lastActive < profile.idleMinutes * 60_000) {
            return undefined;
        }
        const cpu = (await this.options.sandboxes.usage?.(workspaceId).catch(() => undefined))?.cpuShare;
        if (cpu !== undefined && cpu > (this.options.busyCpuShare ?? 0.05)) {
            // A build or a busy terminal is work: it counts as activity, so its tab is not warned either.
            this.options.lifecycle.recordActivity(workspaceId);
            return undefined;
        }
        return `idle for ${profile.idleMinutes} minutes`;
    }
}
