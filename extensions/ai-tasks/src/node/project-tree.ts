import { createHash } from 'crypto';
import { createReadStream } from 'fs';
import * as fs from 'fs/promises';
import * as path from 'path';

/** Task records live here in the workspace; they are never copied, compared or applied. */
export const TASKS_DIR = '.ide/tasks';

/** Whether a relative path (`/` separators) is one the tasks never copy, compare or apply. */
export function isExcludedPath(relative: string): boolean {
    const segments = relative.split('/');
    return segments.includes('.git') || segments.includes('node_modules') ||
        relative === TASKS_DIR || relative.startsWith(`${TASKS_DIR}/`);
}

export function isGitPath(relative: string): boolean {
    return relative.split(/[\\/]/).includes('.git');
}

export interface TreeEntry {
    /** `/` separators. */
    relative: string;
    absolute: string;
    kind: 'file' | 'symlink';
}

/**
 * The files and symlinks of a project tree, skipping `.git`, `node_modules` and `.ide/tasks`
 * (sockets, fifos and devices are skipped too). `onNodeModules` hears of each skipped node_modules.
 */
export async function walkProject(root: string, onNodeModules?: (relative: string) => void): Promise<TreeEntry[]> {
    const entries: TreeEntry[] = [];
    const visit = async (relativeDir: string): Promise<void> => {
        const dirents = await fs.readdir(path.join(root, relativeDir), { withFileTypes: true }).catch(error => {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
                return [];
            }
            throw error;
        });
        for (const dirent of dirents.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) {
            const relative = relativeDir ? `${relativeDir}/${dirent.name}` : dirent.name;
            if (dirent.name === 'node_modules') {
                onNodeModules?.(relative);
                continue;
            }
            if (isExcludedPath(relative)) {
                continue;
            }
            const absolute = path.join(root, relative);
            if (dirent.isDirectory()) {
                await visit(relative);
            } else if (dirent.isFile()) {
                entries.push({ relative, absolute, kind: 'file' });
            } else if (dirent.isSymbolicLink()) {
                entries.push({ relative, absolute, kind: 'symlink' });
            }
        }
    };
    await visit('');
    return entries;
}

/** sha256 of a file's bytes, or of `symlink:<target>` for a symlink; undefined when it is missing or a directory. */
export async function hashPath(absolute: string): Promise<string | undefined> {
    const stat = await fs.lstat(absolute).catch(() => undefined);
    if (!stat) {
        return undefined;
    }
    if (stat.isSymbolicLink()) {
        return sha256(`symlink:${await fs.readlink(absolute)}`);
    }
    if (!stat.isFile()) {
        return undefined;
    }
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(absolute)) {
        hash.update(chunk as Buffer);
    }
    return hash.digest('hex');
}

export function sha256(data: string | Buffer): string {
    return createHash('sha256').update(data).digest('hex');
}

/** Runs work over items, at most `limit` at a time. */
export async function inBatches<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            await work(items[next++]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
