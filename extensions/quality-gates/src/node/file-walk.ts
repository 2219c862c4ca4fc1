import * as fs from 'fs/promises';
import * as path from 'path';

/** Directories never walked into. `.theia-user` is the IDE's own (settings, installed extensions), not the project's. */
export const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.hg', '.svn', '.theia-user']);

/**
 * The regular files under root as relative `/`-separated paths, depth first in name order.
 * Symlinks are not followed; skipped directories and paths `exclude` matches are left out.
 */
export async function* walkFiles(root: string, exclude: (relative: string) => boolean, signal?: AbortSignal): AsyncGenerator<string> {
    const pending = [''];
    while (pending.length > 0) {
        signal?.throwIfAborted();
        const directory = pending.pop()!;
        let entries;
        try {
            entries = await fs.readdir(path.join(root, directory), { withFileTypes: true });
        } catch {
            continue; // unreadable or gone meanwhile
        }
        entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
        const files: string[] = [];
        for (const entry of entries) {
            const relative = directory ? `${directory}/${entry.name}` : entry.name;
            if (entry.isDirectory()) {
                if (!SKIPPED_DIRECTORIES.has(entry.name) && !exclude(`${relative}/`)) {
                    pending.push(relative);
                }
            } else if (entry.isFile() && !exclude(relative)) {
                files.push(relative);
            }
        }
        yield* files.reverse();
    }
}
