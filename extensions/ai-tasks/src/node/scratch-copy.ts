import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { ConfinedDirectory, readFileInside, withDirectory } from '@ide/sandbox-mcp/lib/node/confined-files';
import { FileChangeKind } from '../common/ai-task-types';
import { baselineContent, createBaseline, ignoredPaths } from './git-baseline';
import { hashPath, inBatches, walkProject } from './project-tree';

const COPY_CONCURRENCY = 16;

export function defaultScratchBase(env: NodeJS.ProcessEnv = process.env): string {
    return env.IDE_TASKS_SCRATCH_DIR || path.join(os.tmpdir(), 'ide-tasks');
}

export interface ScratchChange {
    path: string;
    change: FileChangeKind;
}

/**
 * A task's private copy of the workspace (without `.git`, `.ide/tasks`, and with each
 * `node_modules` symlinked to the workspace's), with the content hash of every file at the start.
 * It also gets a git repository of its own whose one commit is the start, so that the quality
 * gates can compare with it and a stale file can be re-based.
 */
export class ScratchCopy {
    private constructor(
        readonly workspaceRoot: string,
        readonly root: string,
        /** Relative path → sha256 of the file when the task started. */
        readonly startHashes: Map<string, string>,
        readonly hasBaseline: boolean
    ) { }

    static async create(workspaceRoot: string, root: string): Promise<ScratchCopy> {
        workspaceRoot = path.resolve(workspaceRoot);
        root = path.resolve(root);
        await fs.rm(root, { recursive: true, force: true });
        await fs.mkdir(root, { recursive: true, mode: 0o700 });
        const nodeModules: string[] = [];
        const entries = await walkProject(workspaceRoot, relative => nodeModules.push(relative));
        const hashes = new Map<string, string>();
        const made = new Set<string>();
        const ensureParent = async (relative: string) => {
            const parent = path.dirname(path.join(root, relative));
            if (!made.has(parent)) {
                await fs.mkdir(parent, { recursive: true });
                made.add(parent);
            }
        };
        await inBatches(entries, COPY_CONCURRENCY, async entry => {
            const target = path.join(root, entry.relative);
            await ensureParent(entry.relative);
            try {
                if (entry.kind === 'symlink') {
                    await fs.symlink(await fs.readlink(entry.absolute), target);
                } else {
                    await fs.copyFile(entry.absolute, target);
                }
            } catch (error) {
                if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
                    return; // deleted while we copied
                }
                throw error;
            }
            const hash = await hashPath(target);
            if (hash) {
                hashes.set(entry.relative, hash);
            }
        });
        for (const relative of nodeModules) {
            await ensureParent(relative);
            await fs.symlink(path.join(workspaceRoot, relative), path.join(root, relative));
        }
        const hasBaseline = await createBaseline(root);
        return new ScratchCopy(workspaceRoot, root, hashes, hasBaseline);
    }

    /**
     * What the agent changed: files whose content differs from the start, added or deleted.
     * Added files that the project's .gitignore ignores (build output) are left out.
     */
    async changes(): Promise<ScratchChange[]> {
        const now = new Map<string, string>();
        await inBatches(await walkProject(this.root), COPY_CONCURRENCY, async entry => {
            const hash = await hashPath(entry.absolute);
            if (hash) {
                now.set(entry.relative, hash);
            }
        });
        const changes: ScratchChange[] = [];
        const added: string[] = [];
        for (const [relative, hash] of now) {
            const before = this.startHashes.get(relative);
            if (before === undefined) {
                added.push(relative);
            } else if (before !== hash) {
                changes.push({ path: relative, change: 'modified' });
            }
        }
        for (const relative of this.startHashes.keys()) {
            if (!now.has(relative)) {
                changes.push({ path: relative, change: 'deleted' });
            }
        }
        const ignored = this.hasBaseline ? await ignoredPaths(this.root, added) : new Set<string>();
        changes.push(...added.filter(relative => !ignored.has(relative)).map(relative => ({ path: relative, change: 'added' as const })));
        return changes.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    }

    /** Whether the workspace's file differs from how it was when the task started (or appeared, or went). */
    async isStale(relative: string): Promise<boolean> {
        return (await hashPath(path.join(this.workspaceRoot, relative))) !== this.startHashes.get(relative);
    }

    /** Takes the workspace's current version of the file as the new starting point (after a re-base or an apply). */
    async acceptWorkspaceVersion(relative: string): Promise<void> {
        const hash = await hashPath(path.join(this.workspaceRoot, relative));
        if (hash === undefined) {
            this.startHashes.delete(relative);
        } else {
            this.startHashes.set(relative, hash);
        }
    }

    /** The file as it was at the start; undefined without a baseline or when it did not exist. */
    startContent(relative: string): Promise<Buffer | undefined> {
        return this.hasBaseline && this.startHashes.has(relative) ? baselineContent(this.root, relative) : Promise.resolve(undefined);
    }

    /** A workspace file as it is now, read from a descriptor checked to be inside the workspace (no symlink last). */
    async readWorkspaceFile(relative: string): Promise<Buffer> {
        const root = await fs.realpath(this.workspaceRoot);
        return readFileInside(root, path.join(root, relative));
    }

    /** A file of the copy, read the same way. */
    async readFile(relative: string): Promise<Buffer> {
        const root = await fs.realpath(this.root);
        return readFileInside(root, path.join(root, relative));
    }

    /** Replaces a file of the copy atomically, keeping its mode; never through a symlink, never outside the copy. */
    async writeFile(relative: string, data: string | Buffer): Promise<void> {
        const root = await fs.realpath(this.root);
        await withDirectory(ConfinedDirectory.open(root, path.join(root, path.dirname(relative))), async directory => {
            const name = path.basename(relative);
            const current = await directory.lstat(name);
            if (current?.isSymbolicLink()) {
                throw new Error(`${relative} is a symlink in the scratch copy`);
            }
            await directory.replaceFile(name, data, current && current.mode & 0o7777);
        });
    }

    async remove(): Promise<void> {
        await fs.rm(this.root, { recursive: true, force: true });
    }
}
