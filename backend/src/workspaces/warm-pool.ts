import { ProfileCatalog, SandboxProfile } from '../config/profiles.js';
import { Logger } from '../log.js';
import { SandboxBuilder } from './sandbox-builder.js';
import { newWorkspaceId } from './workspace-names.js';

const REPLACE_AFTER_MS = 10_000;

export interface WarmSandbox {
    id: string;
}

/**
 * Started sandboxes waiting for a workspace, `warmPool` per profile. A sandbox learns which
 * workspace it serves from the gateway (nothing of the owner is baked into the container), so
 * a new workspace takes one over under its id and opens without waiting for container creation
 * or IDE start. A taken sandbox is replaced in the background after a pause (REPLACE_AFTER_MS), so
 * that making the next one (a container, a Theia backend starting) does not take the CPU from the
 * IDE just handed over while its page loads: that first load is what the user waits for.
 */
export class WarmPool {
    private readonly ready = new Map<string, WarmSandbox[]>();
    private readonly filling = new Set<string>();
    private readonly timer: NodeJS.Timeout;
    private readonly replacements = new Set<NodeJS.Timeout>();

    constructor(
        private readonly builder: SandboxBuilder,
        private readonly catalog: ProfileCatalog,
        private readonly log: Logger,
        retryEveryMs = 30_000,
        private readonly replaceAfterMs = REPLACE_AFTER_MS
    ) {
        // Also retries after failures (the engine down, an image missing).
        this.timer = setInterval(() => this.refillAll(), retryEveryMs).unref();
    }

    refillAll(): void {
        for (const profile of this.catalog.profiles.values()) {
            this.refill(profile.name);
        }
    }

    /** A ready sandbox of this profile, if there is one; it is the caller's from now on, and another is made after a pause. */
    take(profileName: string): WarmSandbox | undefined {
        const taken = this.ready.get(profileName)?.shift();
        if (taken) {
            const replacement = setTimeout(() => {
                this.replacements.delete(replacement);
                this.refill(profileName);
            }, this.replaceAfterMs).unref();
            this.replacements.add(replacement);
        }
        return taken;
    }

    has(workspaceId: string): boolean {
        return [...this.ready.values()].some(sandboxes => sandboxes.some(sandbox => sandbox.id === workspaceId));
    }

    size(profileName: string): number {
        return this.ready.get(profileName)?.length ?? 0;
    }

    refill(profileName: string): void {
        const profile = this.catalog.profiles.get(profileName);
        if (!profile || profile.warmPool === 0 || this.filling.has(profileName)) {
            return;
        }
        this.filling.add(profileName);
        void this.fill(profile).finally(() => this.filling.delete(profileName));
    }

    /** Removes the sandboxes nobody took (a stopping gateway leaves no anonymous containers behind). */
    async close(): Promise<void> {
        clearInterval(this.timer);
        this.replacements.forEach(clearTimeout);
        const waiting = [...this.ready.values()].flat();
        this.ready.clear();
        await Promise.all(waiting.map(sandbox => this.builder.remove(sandbox.id, true).catch(() => undefined)));
    }

    private async fill(profile: SandboxProfile): Promise<void> {
        while (this.size(profile.name) < profile.warmPool) {
            const sandbox: WarmSandbox = { id: newWorkspaceId() };
            try {
                await this.builder.start(sandbox.id, '', profile);
            } catch (error) {
                this.log.warn({ profile: profile.name, err: (error as Error).message }, 'could not warm a sandbox; will retry');
                await this.builder.remove(sandbox.id, true).catch(() => undefined);
                return;
            }
            this.ready.set(profile.name, [...(this.ready.get(profile.name) ?? []), sandbox]);
            this.log.info({ profile: profile.name, workspaceId: sandbox.id }, 'warm sandbox ready');
        }
    }
}
