import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { Logger } from '../../log.js';
import { SandboxProfile } from '../../config/profiles.js';
import { SeedPreparation, StepReporter } from '../../sandbox/sandbox-provider.js';
import { MAX_DEVCONTAINER_BYTES } from '../devcontainer/devcontainer-config.js';
import { UserRecord, WorkspaceRecord } from '../../store/records.js';
import { GitFailure, runGit } from './git-command.js';
import { GitCredentials } from './git-credentials.js';
import { GitHostPolicy } from './git-host-policy.js';
import { GitSource, parseGitSource } from './git-source.js';

export interface WorkspaceClonesOptions {
    dataDir: string;
    policy: GitHostPolicy;
    credentials: GitCredentials;
    maxCloneBytes: number;
    cloneTimeoutMs: number;
    log: Logger;
}

const CHECK_TIMEOUT_MS = 30_000;
const run = promisify(execFile);

/**
 * Workspaces that start from a Git repository. The gateway clones (the sandbox may have no
 * network), with the owner's stored token for that host if there is one, into a directory of its
 * own, and only the repository's `.git` (no working tree is written on the gateway's host): the
 * provider puts it into the new workspace's volume and checks it out there, as the sandbox user.
 */
export class WorkspaceClones {
    constructor(private readonly options: WorkspaceClonesOptions) { }

    /** At creation: the repository answers (with the user's token, if stored) and has the branch; a clear error otherwise. */
    async check(user: UserRecord, source: GitSource): Promise<void> {
        const pinned = await this.options.policy.pin(source.url);
        const refs = await runGit(['ls-remote', '--heads', '--', source.url.href, ...(source.branch ? [`refs/heads/${source.branch}`] : [])], {
            pinned, credentials: await this.options.credentials.use(user.id, source.host), timeoutMs: CHECK_TIMEOUT_MS, home: await this.home()
        });
        if (source.branch && refs.trim() === '') {
            throw new GitFailure(422, `the repository has no branch ${source.branch}`);
        }
    }

    /**
     * What the first start of a workspace made from a repository does before its sandbox is made:
     * the clone, shown step by step; then its devcontainer.json, if any, is handed to `configure`,
     * which says the profile to make the sandbox with.
     */
    seeding(workspace: WorkspaceRecord, configure: (devcontainer: string | undefined) => Promise<SandboxProfile>, onCloned: () => Promise<void>): SeedPreparation {
        const directory = join(this.options.dataDir, 'clones', workspace.id);
        return {
            prepare: async step => {
                const source = parseGitSource(workspace.source!.gitUrl, workspace.source!.branch)!;
                await this.clone(workspace.ownerId, source, directory, step);
                const profile = await configure(await readDevcontainerFile(join(directory, '.git')));
                return { seed: { gitDirectory: join(directory, '.git'), branch: source.branch }, profile };
            },
            finish: async succeeded => {
                await rm(directory, { recursive: true, force: true });
                if (succeeded) {
                    await onCloned();
                }
            }
        };
    }

    private async clone(ownerId: string, source: GitSource, directory: string, step: StepReporter): Promise<void> {
        const { maxCloneBytes, cloneTimeoutMs, log } = this.options;
        const label = `cloning ${source.url.href}${source.branch ? ` (${source.branch})` : ''}`;
        step(label);
        await rm(directory, { recursive: true, force: true });
        await mkdir(join(directory, '..'), { recursive: true, mode: 0o700 });
        const began = Date.now();
        let lastShown = 0;
        await runGit(['clone', '--progress', '--no-checkout', ...(source.branch ? ['--branch', source.branch] : []), '--', source.url.href, directory], {
            pinned: await this.options.policy.pin(source.url),
            credentials: await this.options.credentials.use(ownerId, source.host),
            timeoutMs: cloneTimeoutMs,
            maxBytes: maxCloneBytes,
            home: await this.home(),
            onProgress: line => {
                const progress = /^(Receiving objects|Resolving deltas):\s+(\d+%.*?)(,\s*done\.?)?$/.exec(line);
                if (progress && Date.now() - lastShown > 250) {
                    lastShown = Date.now();
                    step(`${label}: ${progress[1].toLowerCase()} ${progress[2].replace(/\s+\|.*$/, '')}`, { replacesLast: true });
                }
            }
        });
        const size = await directorySize(directory);
        if (size > maxCloneBytes) {
            throw new GitFailure(413, `the repository is larger than ${Math.round(maxCloneBytes / 1024 / 1024)} MiB, this server's limit (IDE_GIT_MAX_CLONE_MB)`);
        }
        step(`${label}: ${(size / 1024 / 1024).toFixed(1)} MiB in ${((Date.now() - began) / 1000).toFixed(1)} s`, { replacesLast: true });
        log.info({ host: source.host, bytes: size, ms: Date.now() - began }, 'cloned a repository for a workspace');
    }

    private async home(): Promise<string> {
        const home = join(this.options.dataDir, 'clones', '.git-home');
        await mkdir(home, { recursive: true, mode: 0o700 });
        return home;
    }
}

/** The checked-out branch's devcontainer.json (or .devcontainer.json), read from the objects: the gateway writes no working tree. */
async function readDevcontainerFile(gitDirectory: string): Promise<string | undefined> {
    for (const path of ['.devcontainer/devcontainer.json', '.devcontainer.json']) {
        try {
            const { stdout } = await run('git', ['--git-dir', gitDirectory, 'show', `HEAD:${path}`], {
                env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' }, maxBuffer: MAX_DEVCONTAINER_BYTES + 1024
            });
            return stdout;
        } catch (error) {
            if ((error as { code?: string }).code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
                return ' '.repeat(MAX_DEVCONTAINER_BYTES + 1);
            }
        }
    }
    return undefined;
}

async function directorySize(path: string): Promise<number> {
    let total = 0;
    for (const entry of await readdir(path, { withFileTypes: true, recursive: true })) {
        if (entry.isFile()) {
            total += (await stat(join(entry.parentPath, entry.name))).size;
        }
    }
    return total;
}
