import Docker from 'dockerode';
import { Logger } from '../log.js';
import { containerName, LABELS, SANDBOX_UID, sandboxContainerSpec, volumeName, WORKSPACE_DIR } from './container-spec.js';
import { imageBuildHint } from './image-presence.js';
import { SandboxNetworks } from './sandbox-network.js';
import { SandboxEngineUnavailable, SandboxProvider, SandboxRequest, SandboxStartError, SandboxStatus, SandboxSummary, SandboxUsage, StepReporter } from './sandbox-provider.js';
import { packGitDirectory } from './seed-archive.js';

export interface DockerSandboxOptions {
    docker: Docker;
    instance: string;
    runtimeDir: string;
    log: Logger;
}

/** `docker system df` walks every volume: its answer is reused for this long. */
const VOLUME_SIZES_MS = 30_000;

const ENGINE_DOWN_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'EPIPE', 'ECONNRESET', 'ETIMEDOUT']);

export class DockerSandboxProvider implements SandboxProvider {
    private readonly starting = new Map<string, Promise<void>>();

    private readonly networks: SandboxNetworks;

    private volumeSizesAnswer?: { at: number; sizes: Promise<Map<string, number>> };

    constructor(private readonly options: DockerSandboxOptions) {
        this.networks = new SandboxNetworks(options.docker, options.instance);
    }

    async ping(): Promise<void> {
        await this.engine(() => this.options.docker.ping());
    }

    ensureRunning(request: SandboxRequest, step: StepReporter = () => undefined): Promise<void> {
        let start = this.starting.get(request.id);
        if (!start) {
            start = this.engine(() => this.start(request, step)).finally(() => this.starting.delete(request.id));
            this.starting.set(request.id, start);
        }
        return start;
    }

    async describeFailure(workspaceId: string): Promise<string> {
        const info = await this.engine(() => this.inspect(workspaceId));
        if (!info) {
            return 'the sandbox is gone';
        }
        const state = info.State.Running ? 'it runs' : `it stopped (exit code ${info.State.ExitCode})`;
        return `${state}: ${await this.tail(this.options.docker.getContainer(info.Id))}`;
    }

    async status(workspaceId: string): Promise<SandboxStatus> {
        if (this.starting.has(workspaceId)) {
            return { workspaceId, state: 'starting' };
        }
        const info = await this.engine(() => this.inspect(workspaceId));
        if (!info) {
            return { workspaceId, state: 'absent' };
        }
        return {
            workspaceId,
            state: info.State.Running ? 'running' : 'stopped',
            containerId: info.Id,
            hostname: info.Config.Hostname,
            startedAt: info.State.Running ? info.State.StartedAt : undefined
        };
    }

    async list(): Promise<SandboxSummary[]> {
        const containers = await this.engine(() => this.options.docker.listContainers({
            all: true,
            filters: { label: [`${LABELS.managed}=true`, `${LABELS.instance}=${this.options.instance}`] }
        }));
        return containers.map(container => {
            const workspaceId = container.Labels[LABELS.workspace];
            const state = this.starting.has(workspaceId) ? 'starting' : container.State === 'running' ? 'running' : 'stopped';
            return { workspaceId, ownerId: container.Labels[LABELS.owner], state };
        });
    }

    async usage(workspaceId: string): Promise<SandboxUsage> {
        const stats = await this.engine(() => this.options.docker.getContainer(containerName(this.options.instance, workspaceId)).stats({ stream: false }));
        const cpuDelta = stats.cpu_stats.cpu_usage.total_usage - stats.precpu_stats.cpu_usage.total_usage;
        const systemDelta = (stats.cpu_stats.system_cpu_usage ?? 0) - (stats.precpu_stats.system_cpu_usage ?? 0);
        const cpus = stats.cpu_stats.online_cpus ?? 1;
        const inactiveFile = (stats.memory_stats.stats as Record<string, number> | undefined)?.inactive_file ?? 0;
        return {
            cpuShare: systemDelta > 0 ? (cpuDelta / systemDelta) * cpus : 0,
            memoryBytes: Math.max(0, (stats.memory_stats.usage ?? 0) - inactiveFile),
            memoryLimitBytes: stats.memory_stats.limit ?? 0,
            pids: (stats as { pids_stats?: { current?: number } }).pids_stats?.current ?? 0
        };
    }

    async volumeSizes(expected: readonly string[] = []): Promise<Map<string, number>> {
        const cached = this.volumeSizesAnswer;
        const fresh = cached && Date.now() - cached.at <= VOLUME_SIZES_MS ? await cached.sizes.catch(() => undefined) : undefined;
        if (fresh && expected.every(id => fresh.has(id))) {
            return fresh;
        }
        if (this.volumeSizesAnswer === cached) {
            const sizes = this.engine(() => this.options.docker.df()).then((usage: { Volumes?: Docker.VolumeInspectInfo[] }) => {
                const byWorkspace = new Map<string, number>();
                for (const volume of usage.Volumes ?? []) {
                    const size = volume.UsageData?.Size ?? -1;
                    if (volume.Labels?.[LABELS.instance] === this.options.instance && volume.Labels[LABELS.workspace] && size >= 0) {
                        byWorkspace.set(volume.Labels[LABELS.workspace], size);
                    }
                }
                return byWorkspace;
            });
            sizes.catch(() => { this.volumeSizesAnswer = undefined; });
            this.volumeSizesAnswer = { at: Date.now(), sizes };
        }
        return this.volumeSizesAnswer?.sizes ?? Promise.reject(new Error('the volume sizes could not be read'));
    }

    async hasImage(image: string): Promise<boolean> {
        try {
            await this.engine(() => this.options.docker.getImage(image).inspect());
            return true;
        } catch (error) {
            if (statusOf(error) === 404) {
                return false;
            }
            throw error;
        }
    }

    async stop(workspaceId: string): Promise<void> {
        await this.engine(async () => {
            const info = await this.inspect(workspaceId);
            if (info?.State.Running) {
                await this.options.docker.getContainer(info.Id).stop({ t: 5 });
            }
        });
    }

    async remove(workspaceId: string, options: { withData: boolean }): Promise<void> {
        await this.engine(async () => {
            const info = await this.inspect(workspaceId);
            if (info) {
                await this.options.docker.getContainer(info.Id).remove({ force: true });
            }
            if (options.withData) {
                await this.removeVolume(workspaceId);
            }
            await this.networks.remove(workspaceId);
        });
    }

    async removeOrphans(knownWorkspaceIds: ReadonlySet<string>): Promise<string[]> {
        const orphans = (await this.list()).map(sandbox => sandbox.workspaceId).filter(id => id && !knownWorkspaceIds.has(id));
        for (const workspaceId of orphans) {
            this.options.log.warn({ workspaceId }, 'removing the sandbox of a workspace that no longer exists');
            await this.remove(workspaceId, { withData: true });
        }
        return orphans;
    }

    private async start(request: SandboxRequest, step: StepReporter): Promise<void> {
        const { docker, log } = this.options;
        const { id, profile } = request;
        const spec = sandboxContainerSpec(request, { instance: this.options.instance, runtimeDir: this.options.runtimeDir });
        let info = await this.inspect(id);
        if (info && info.Config.Labels[LABELS.specHash] !== spec.Labels![LABELS.specHash]) {
            step('recreating the container for the changed profile (files are kept)');
            log.info({ workspaceId: id }, 'sandbox spec changed: recreating its container (workspace files are kept)');
            await docker.getContainer(info.Id).remove({ force: true });
            info = undefined;
        }
        if (info?.State.Running) {
            return;
        }
        await this.ensureImage(profile.image);
        await this.ensureRuntime(profile.runtime);
        await this.ensureVolume(request, step);
        if (profile.network === 'egress') {
            step('setting up its network');
            await this.networks.ensure(id);
        }
        if (!info) {
            step('creating the container');
        }
        const containerId = info?.Id ?? (await docker.createContainer(spec)).id;
        step('starting the container');
        await docker.getContainer(containerId).start();
        log.info({ workspaceId: id, containerId: containerId.slice(0, 12), profile: profile.name }, 'sandbox started');
    }

    private async tail(container: Docker.Container): Promise<string> {
        const logs = await container.logs({ stdout: true, stderr: true, tail: 5 });
        // Multiplexed log frames carry an 8-byte header each; strip control bytes for a readable hint.
        return logs.toString('utf8').replace(/[\x00-\x08\x0e-\x1f]/g, '').trim().slice(-500);
    }

    private async ensureImage(image: string): Promise<void> {
        try {
            await this.options.docker.getImage(image).inspect();
        } catch (error) {
            if (statusOf(error) === 404) {
                throw new SandboxStartError(`sandbox image "${image}" is not present on the Docker host; an admin can ${imageBuildHint(image)}`);
            }
            throw error;
        }
    }

    private async ensureRuntime(runtime: string): Promise<void> {
        const installed = Object.keys((await this.options.docker.info() as { Runtimes?: Record<string, unknown> }).Runtimes ?? { runc: {} });
        if (!installed.includes(runtime)) {
            throw new SandboxStartError(`container runtime "${runtime}" is not installed on the Docker host (it has: ${installed.join(', ')}); an admin installs it or picks another in the profile`);
        }
    }

    /** Creates the workspace volume once, hands it to the sandbox user and puts the seed in (removed again if that fails, so a retry seeds afresh). */
    private async ensureVolume(request: SandboxRequest, step: StepReporter): Promise<void> {
        const { docker, instance } = this.options;
        const name = volumeName(instance, request.id);
        try {
            await docker.getVolume(name).inspect();
            return;
        } catch (error) {
            if (statusOf(error) !== 404) {
                throw error;
            }
        }
        step('creating the workspace volume');
        await docker.createVolume({
            Name: name,
            Labels: { [LABELS.managed]: 'true', [LABELS.instance]: instance, [LABELS.workspace]: request.id, [LABELS.owner]: request.ownerId }
        });
        try {
            await this.runInVolume(request, name, { User: '0:0', Entrypoint: ['chown'], Cmd: [`${SANDBOX_UID}:${SANDBOX_UID}`, WORKSPACE_DIR] }, ['CHOWN'],
                code => `could not prepare the workspace volume (chown exited ${code}); does image "${request.profile.image}" have coreutils?`);
            if (request.seed) {
                const seed = request.seed;
                step(`checking out ${seed.branch ?? 'the default branch'} in the workspace`);
                await this.runInVolume(request, name, { User: `${SANDBOX_UID}:${SANDBOX_UID}`, Entrypoint: ['git'], Cmd: ['-C', WORKSPACE_DIR, 'reset', '--hard', '--quiet'], Env: ['HOME=/tmp'] }, [],
                    code => `could not check the repository out in the workspace (git exited ${code}); does image "${request.profile.image}" have git?`,
                    container => container.putArchive(packGitDirectory(seed.gitDirectory), { path: WORKSPACE_DIR }));
            }
        } catch (error) {
            await this.removeVolume(request.id).catch(() => undefined);
            throw error;
        }
    }

    /** Runs one command in a throwaway container of the profile's image with only the volume, no network, the given capabilities. */
    private async runInVolume(request: SandboxRequest, volume: string, command: Pick<Docker.ContainerCreateOptions, 'User' | 'Entrypoint' | 'Cmd' | 'Env'>, capabilities: string[],
        failure: (code: number) => string, beforeStart?: (container: Docker.Container) => Promise<unknown>): Promise<void> {
        const container = await this.options.docker.createContainer({
            Image: request.profile.image,
            ...command,
            NetworkDisabled: true,
            HostConfig: {
                NetworkMode: 'none', CapDrop: ['ALL'], CapAdd: capabilities, SecurityOpt: ['no-new-privileges:true'],
                ReadonlyRootfs: true, Tmpfs: { '/tmp': 'size=16m' }, Mounts: [{ Type: 'volume', Source: volume, Target: WORKSPACE_DIR }]
            }
        });
        try {
            await beforeStart?.(container);
            await container.start();
            const result = await container.wait() as { StatusCode: number };
            if (result.StatusCode !== 0) {
                throw new SandboxStartError(failure(result.StatusCode));
            }
        } finally {
            await container.remove({ force: true });
        }
    }

    private async removeVolume(workspaceId: string): Promise<void> {
        try {
            await this.options.docker.getVolume(volumeName(this.options.instance, workspaceId)).remove();
        } catch (error) {
            if (statusOf(error) !== 404) {
                throw error;
            }
        }
    }

    private async inspect(workspaceId: string): Promise<Docker.ContainerInspectInfo | undefined> {
        try {
            return await this.options.docker.getContainer(containerName(this.options.instance, workspaceId)).inspect();
        } catch (error) {
            if (statusOf(error) === 404) {
                return undefined;
            }
            throw error;
        }
    }

    /** Runs a Docker call, turning "cannot reach the engine" into SandboxEngineUnavailable. */
    private async engine<T>(call: () => Promise<T>): Promise<T> {
        try {
            return await call();
        } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code && ENGINE_DOWN_CODES.has(code)) {
                throw new SandboxEngineUnavailable(`the Docker engine is not reachable (${code})`);
            }
            throw error;
        }
    }
}

function statusOf(error: unknown): number | undefined {
    return (error as { statusCode?: number }).statusCode;
}
