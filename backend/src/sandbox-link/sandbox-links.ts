import { lstat, mkdir, rm, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '../log.js';
import { GatewayLink } from '../sandbox/sandbox-provider.js';
import { SandboxLink, SandboxRequestHandler } from './sandbox-link.js';

/**
 * The gateway's ends of every sandbox, one directory each under `runRoot` (`<data dir>/run/<id>`),
 * made by the gateway and mounted read-only into its sandbox. A restarted gateway listens again in
 * the same directories, so running sandboxes (which keep them mounted) dial in again by themselves.
 */
export class SandboxLinks {
    private readonly links = new Map<string, SandboxLink>();
    private readonly opening = new Map<string, Promise<SandboxLink>>();

    constructor(private readonly runRoot: string, private readonly handler: SandboxRequestHandler, private readonly log: Logger) { }

    /** The link of a sandbox, listening; made on first use. */
    open(workspaceId: string): Promise<SandboxLink> {
        const existing = this.links.get(workspaceId);
        if (existing) {
            return Promise.resolve(existing);
        }
        let opening = this.opening.get(workspaceId);
        if (!opening) {
            opening = this.listen(workspaceId).finally(() => this.opening.delete(workspaceId));
            this.opening.set(workspaceId, opening);
        }
        return opening;
    }

    get(workspaceId: string): SandboxLink | undefined {
        return this.links.get(workspaceId);
    }

    /** What a provider mounts so the sandbox can dial the gateway. */
    gatewayLink(workspaceId: string): GatewayLink {
        return { kind: 'unix-socket-directory', hostDir: this.dir(workspaceId) };
    }

    async close(workspaceId: string): Promise<void> {
        const link = this.links.get(workspaceId);
        this.links.delete(workspaceId);
        await link?.close();
    }

    /** Closes the link and removes its directory (the sandbox is gone for good). */
    async remove(workspaceId: string): Promise<void> {
        await this.close(workspaceId);
        await rm(this.dir(workspaceId), { recursive: true, force: true });
    }

    async closeAll(): Promise<void> {
        await Promise.all([...this.links.keys()].map(id => this.close(id)));
    }

    private async listen(workspaceId: string): Promise<SandboxLink> {
        const dir = await this.prepareDir(workspaceId);
        const link = new SandboxLink(dir, workspaceId, this.handler, this.log);
        await link.listen();
        this.links.set(workspaceId, link);
        return link;
    }

    /**
     * A directory the gateway owns and only it can write. One found owned by someone else, or
     * writable by others (an older layout let the sandbox user own it), is replaced: whatever is
     * in it may have been planted.
     */
    private async prepareDir(workspaceId: string): Promise<string> {
        await mkdir(this.runRoot, { recursive: true, mode: 0o700 });
        const dir = this.dir(workspaceId);
        const existing = await lstat(dir).catch(() => undefined);
        const trusted = existing?.isDirectory() && existing.uid === process.getuid?.() && (existing.mode & 0o022) === 0;
        if (existing && !trusted) {
            this.log.warn({ workspaceId }, 'the sandbox socket directory was not the gateway\'s alone: replacing it');
            await rm(dir, { recursive: true, force: true });
        }
        await mkdir(dir, { recursive: true, mode: 0o755 });
        await chmod(dir, 0o755);
        return dir;
    }

    private dir(workspaceId: string): string {
        return join(this.runRoot, workspaceId);
    }
}
