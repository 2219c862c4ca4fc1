import { setTimeout as sleep } from 'node:timers/promises';
import { SandboxProfile } from '../config/profiles.js';
import { BoundedQueue } from '../limits/bounded-queue.js';
import { Logger } from '../log.js';
import { SandboxLink } from '../sandbox-link/sandbox-link.js';
import { SandboxLinks } from '../sandbox-link/sandbox-links.js';
import { PinnedExtensionMount, SandboxProvider, SandboxStartError, SeedPreparation, StepReporter } from '../sandbox/sandbox-provider.js';

export interface SandboxBuilderOptions {
    sandboxes: SandboxProvider;
    links: SandboxLinks;
    readyTimeoutMs: number;
    log: Logger;
    /** Sandboxes being made at once; more wait their turn (and say so). */
    concurrentStarts?: number;
    /** Told how long each start took, from the request to the IDE answering. */
    onStarted?: (seconds: number) => void;
    /** The profile's pinned extensions, unpacked and ready to mount. */
    pinnedExtensions?: (profile: SandboxProfile) => Promise<PinnedExtensionMount[]>;
}

const QUEUED_STEP = 'queued';
const IDE_STEP = 'starting the IDE';
/** The steps of a start that makes nothing: the engine had the container running. */
const ATTACH_STEPS = new Set([QUEUED_STEP, IDE_STEP]);

/** How the latest start of a sandbox went, step by step, for the page and the tab that wait on it. */
export interface StartProgress {
    began: number;
    steps: { label: string; atMs: number }[];
    done: boolean;
    error?: string;
}

/**
 * Every start, stop and removal of a sandbox goes through here (workspaces, the warm pool, the
 * idle reaper, admins): the gateway's link is listening before the sandbox starts, and a start
 * is done only when the sandbox has dialed in and says its IDE answers. Each start's steps are
 * kept, so whoever waits can show them.
 */
export class SandboxBuilder {
    private readonly starting = new Map<string, Promise<SandboxLink>>();
    private readonly progress = new Map<string, StartProgress>();
    private readonly queue: BoundedQueue;

    constructor(private readonly options: SandboxBuilderOptions) {
        this.queue = new BoundedQueue({
            concurrency: options.concurrentStarts ?? 3,
            maxWaiting: 200,
            whenFull: () => new SandboxStartError('too many sandboxes are starting on this server; try again in a minute')
        });
    }

    get sandboxes(): SandboxProvider {
        return this.options.sandboxes;
    }

    isStarting(workspaceId: string): boolean {
        return this.starting.has(workspaceId);
    }

    progressOf(workspaceId: string): StartProgress | undefined {
        return this.progress.get(workspaceId);
    }

    /** Whether the start under way makes something (a volume, a container, a clone), not only queues and waits for an IDE whose container runs. */
    isMaking(workspaceId: string): boolean {
        return this.starting.has(workspaceId) && !!this.progress.get(workspaceId)?.steps.some(step => !ATTACH_STEPS.has(step.label));
    }

    /** The start under way, if there is one. */
    whenStarted(workspaceId: string): Promise<SandboxLink> | undefined {
        return this.starting.get(workspaceId);
    }

    /**
     * Starts the sandbox (or finds it running) and resolves with its link once its IDE answers.
     * Concurrent calls share one start. `seeding` makes the files of a workspace not made yet (a clone).
     */
    start(id: string, ownerId: string, profile: SandboxProfile, seeding?: SeedPreparation): Promise<SandboxLink> {
        let start = this.starting.get(id);
        if (!start) {
            const progress: StartProgress = { began: Date.now(), steps: [], done: false };
            this.progress.set(id, progress);
            const step: StepReporter = (label, options) => {
                const last = progress.steps.at(-1);
                if (options?.replacesLast && last) {
                    last.label = label;
                } else {
                    progress.steps.push({ label, atMs: Date.now() - progress.began });
                }
            };
            step(QUEUED_STEP);
            start = this.queue.run(() => this.startAndWait(id, ownerId, profile, step, seeding))
                .then(link => { step('ready'); return link; }, (error: Error) => { progress.error = error.message; throw error; })
                .finally(() => { progress.done = true; this.starting.delete(id); });
            this.starting.set(id, start);
        }
        return start;
    }

    /** The link of a sandbox that is already running and answering, without starting anything; undefined otherwise. */
    async attach(id: string): Promise<SandboxLink | undefined> {
        if ((await this.options.sandboxes.status(id)).state !== 'running') {
            return undefined;
        }
        const link = await this.options.links.open(id);
        return await link.isReady(3000) ? link : undefined;
    }

    /** Stops the container; its files stay. */
    async stop(workspaceId: string): Promise<void> {
        await this.options.sandboxes.stop(workspaceId);
        await this.options.links.close(workspaceId);
    }

    /** Removes the container, its link and, with `withData`, its files. */
    async remove(workspaceId: string, withData: boolean): Promise<void> {
        await this.options.sandboxes.remove(workspaceId, { withData });
        await this.options.links.remove(workspaceId);
        this.progress.delete(workspaceId);
    }

    private async startAndWait(id: string, ownerId: string, profile: SandboxProfile, step: StepReporter, seeding?: SeedPreparation): Promise<SandboxLink> {
        const began = Date.now();
        const link = await this.options.links.open(id);
        let seeded = false;
        try {
            const prepared = await seeding?.prepare(step);
            const used = prepared?.profile ?? profile;
            const pinnedExtensions = await this.options.pinnedExtensions?.(used);
            await this.options.sandboxes.ensureRunning({ id, ownerId, profile: used, link: this.options.links.gatewayLink(id), seed: prepared?.seed, pinnedExtensions }, step);
            seeded = true;
        } finally {
            await seeding?.finish(seeded);
        }
        step(IDE_STEP);
        for (let delay = 50; Date.now() - began < this.options.readyTimeoutMs; delay = Math.min(delay * 1.5, 500)) {
            if (await link.isReady(Math.min(2000, this.options.readyTimeoutMs))) {
                this.options.log.info({ workspaceId: id, ms: Date.now() - began }, 'sandbox IDE ready');
                this.options.onStarted?.((Date.now() - began) / 1000);
                return link;
            }
            const status = await this.options.sandboxes.status(id);
            if (status.state === 'stopped' || status.state === 'absent') {
                const why = await this.options.sandboxes.describeFailure?.(id).catch(() => undefined);
                throw new SandboxStartError(`the sandbox stopped while starting${why ? ` (${why})` : ''}`);
            }
            await sleep(delay);
        }
        throw new SandboxStartError(`the sandbox IDE did not answer within ${Math.round(this.options.readyTimeoutMs / 1000)} s`);
    }
}
