import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GitHttpServer, makeBareRepository, startGitHttpServer } from '@ide/test-support';
import { Client, tempDir } from '../test/helpers.js';
import { median, ms, report } from './report.js';
import { createWorkspace, openWorkspace } from './workspaces.js';

const run = promisify(execFile);
const REPOSITORY_MB = 50;

/** A local Git server with one repository of 50 MiB (incompressible files), for the clone figure. */
export async function startBenchGitServer(): Promise<{ server: GitHttpServer; url: string }> {
    const root = await tempDir('bench-git');
    const files = Object.fromEntries(Array.from({ length: REPOSITORY_MB }, (_, i) => [`data/part-${i}.bin`, randomBytes(1024 * 1024)]));
    await makeBareRepository(root, 'large', { main: { 'README.md': '# 50 MiB\n', ...files } });
    const server = await startGitHttpServer({ root });
    return { server, url: `${server.url}/large.git` };
}

/**
 * Opening a new workspace made from a 50 MiB repository against opening an empty one (the
 * difference is what cloning costs), and a plain `git clone` on the host, interleaved per run.
 */
export async function gitCloneFigures(api: Client, gitUrl: string, profile: string, runs: number, made: (id: string) => void): Promise<void> {
    const fromGit: number[] = [];
    const empty: number[] = [];
    const direct: number[] = [];
    const open = async (name: string, source?: string): Promise<number> => {
        const id = await createWorkspace(api, { name, profile, ...(source ? { gitUrl: source } : {}) });
        made(id);
        const began = performance.now();
        await openWorkspace(api, id);
        const took = performance.now() - began;
        await api.request('DELETE', `/api/workspaces/${id}`);
        return took;
    };
    for (let i = 0; i < runs; i++) {
        const target = join(await tempDir('bench-clone'), 'repo');
        const began = performance.now();
        await run('git', ['clone', '--quiet', '--no-checkout', gitUrl, target]);
        direct.push(performance.now() - began);
        await rm(target, { recursive: true, force: true });
        fromGit.push(await open(`bench-git-${i}`, gitUrl));
        empty.push(await open(`bench-empty-${i}`));
    }
    report(`open of a new workspace from a ${REPOSITORY_MB} MiB repository`, ms(median(fromGit)),
        `(${fromGit.map(ms).join(', ')}; an empty one ${ms(median(empty))}, so the clone and checkout add ${ms(median(fromGit) - median(empty))}; git clone on the host alone ${ms(median(direct))})`);
}
