import * as fs from 'fs/promises';
import * as path from 'path';
import { ConfinedDirectory, OutsideRootError } from '@ide/sandbox-mcp/lib/node/confined-files';
import { ToolError } from '@ide/sandbox-mcp/lib/node/tool-error';
import { WorkspacePaths } from '@ide/sandbox-mcp/lib/node/workspace-paths';
import { FileChangeKind } from '../common/ai-task-types';
import { isExcludedPath, isGitPath } from './project-tree';

export class ApplyRefusal extends Error {
    override readonly name = 'ApplyRefusal';
}

/** What the agent left in the scratch copy for one path. */
type Proposed = { symlink: string } | { data: Buffer; mode: number };

/**
 * Makes one workspace file what the agent left in the scratch copy, atomically: a temporary file
 * next to it, synced, then renamed over it (a deletion unlinks it). Refuses anything under `.git`,
 * `node_modules` or `.ide/tasks`, paths that leave the workspace (`..`, symlinks), and a file in
 * place of a symlink. Both sides are reached through directories opened and checked by
 * confined-files, so a symlink swapped in meanwhile cannot redirect the read or the write.
 */
export async function applyFile(workspaceRoot: string, scratchRoot: string, relative: string, change: FileChangeKind): Promise<void> {
    if (isGitPath(relative)) {
        throw new ApplyRefusal(`${relative}: files under .git are never changed`);
    }
    if (isExcludedPath(relative) || path.isAbsolute(relative) || relative.split('/').some(segment => ['', '.', '..'].includes(segment))) {
        throw new ApplyRefusal(`${relative}: not a file a task may change`);
    }
    const proposed = change === 'deleted' ? undefined : await readProposed(scratchRoot, relative).catch(refusal(relative, 'the scratch copy'));
    await writeProposed(workspaceRoot, relative, proposed).catch(refusal(relative));
}

/** Makes the workspace's entry what was proposed (undefined: no entry). */
async function writeProposed(workspaceRoot: string, relative: string, proposed: Proposed | undefined): Promise<void> {
    const name = path.posix.basename(relative);
    // The parent is confined (symlinks resolved, and checked again once opened); the entry itself is replaced, not followed.
    const parent = await new WorkspacePaths(workspaceRoot).resolve('path', path.posix.dirname(relative));
    if (isGitPath(parent.relative)) {
        throw new ApplyRefusal(`${relative}: leads into .git, which is never changed`);
    }
    const directory = await ConfinedDirectory.open(parent.realRoot, parent.absolute, { create: proposed !== undefined }).catch(error => {
        if (!proposed && (error as NodeJS.ErrnoException).code === 'ENOENT') {
            return undefined; // nothing to delete
        }
        throw error;
    });
    if (!directory) {
        return;
    }
    try {
        if (isGitPath(path.relative(parent.realRoot, await directory.path()))) {
            throw new ApplyRefusal(`${relative}: leads into .git, which is never changed`);
        }
        const current = await directory.lstat(name);
        if (current?.isDirectory()) {
            throw new ApplyRefusal(`${relative}: is a directory in the workspace now`);
        }
        if (!proposed) {
            await directory.remove(name);
        } else if ('symlink' in proposed) {
            await directory.replaceWithSymlink(name, proposed.symlink);
        } else if (current?.isSymbolicLink()) {
            throw new ApplyRefusal(`${relative}: is a symlink in the workspace; a task does not replace a symlink with a file`);
        } else {
            await directory.replaceFile(name, proposed.data, proposed.mode);
        }
    } finally {
        await directory.close();
    }
}

/** The agent's version: a symlink is taken as a symlink; a file is read from a descriptor checked to be inside the scratch copy. */
async function readProposed(scratchRoot: string, relative: string): Promise<Proposed> {
    const root = await fs.realpath(scratchRoot);
    const directory = await ConfinedDirectory.open(root, path.join(root, path.posix.dirname(relative)));
    try {
        const name = path.posix.basename(relative);
        const entry = await directory.lstat(name);
        if (!entry) {
            throw new ApplyRefusal(`${relative}: is no longer in the scratch copy`);
        }
        if (entry.isSymbolicLink()) {
            return { symlink: await directory.readLink(name) };
        }
        const handle = await directory.openFile(name);
        try {
            const stats = await handle.stat();
            if (!stats.isFile()) {
                throw new ApplyRefusal(`${relative}: is not a regular file in the scratch copy`);
            }
            return { data: await handle.readFile(), mode: stats.mode & 0o7777 };
        } finally {
            await handle.close();
        }
    } finally {
        await directory.close();
    }
}

/** The refusal for an error from checking, opening, reading or writing `relative`, in words. */
function refusal(relative: string, where = 'the workspace'): (error: unknown) => never {
    return error => {
        if (error instanceof ApplyRefusal) {
            throw error;
        }
        if (error instanceof OutsideRootError) {
            throw new ApplyRefusal(`${relative}: is outside ${where} (a symlink leads to ${error.opened})`);
        }
        if (error instanceof ToolError) {
            throw new ApplyRefusal(error.message);
        }
        switch ((error as NodeJS.ErrnoException).code) {
            case 'ELOOP':
            case 'ENOTDIR':
                throw new ApplyRefusal(`${relative}: a symlink or a file stands on its path in ${where}`);
            case 'ENOENT':
                throw new ApplyRefusal(`${relative}: a directory on its path went away in ${where}`);
            case 'EISDIR':
                throw new ApplyRefusal(`${relative}: is a directory in ${where} now`);
            default:
                throw new ApplyRefusal(`${relative}: ${error instanceof Error ? error.message : String(error)}`);
        }
    };
}
