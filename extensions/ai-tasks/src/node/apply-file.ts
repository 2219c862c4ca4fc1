import * as fs from 'fs/promises';
import * as path from 'path';
import { temporaryPathBeside, writeSynced } from '@ide/sandbox-mcp/lib/node/atomic-write';
import { WorkspacePaths } from '@ide/sandbox-mcp/lib/node/workspace-paths';
import { FileChangeKind } from '../common/ai-task-types';
import { isExcludedPath, isGitPath } from './project-tree';

export class ApplyRefusal extends Error {
    override readonly name = 'ApplyRefusal';
}

/**
 * Makes one workspace file what the agent left in the scratch copy, atomically: a temporary file
 * next to it, synced, then renamed over it (a deletion unlinks it). Refuses anything under `.git`,
 * `node_modules` or `.ide/tasks`, and paths that leave the workspace (`..`, symlinks).
 */
export async function applyFile(workspaceRoot: string, scratchRoot: string, relative: string, change: FileChangeKind): Promise<void> {
    if (isGitPath(relative)) {
        throw new ApplyRefusal(`${relative}: files under .git are never changed`);
    }
    if (isExcludedPath(relative) || path.isAbsolute(relative) || relative.split('/').some(segment => ['', '.', '..'].includes(segment))) {
        throw new ApplyRefusal(`${relative}: not a file a task may change`);
    }
    // The parent is confined (symlinks resolved); the entry itself is replaced, not followed.
    const parent = await new WorkspacePaths(workspaceRoot).resolve('path', path.posix.dirname(relative)).catch(error => {
        throw new ApplyRefusal(error instanceof Error ? error.message : String(error));
    });
    const target = { absolute: path.join(parent.absolute, path.posix.basename(relative)), relative: path.posix.join(parent.relative, path.posix.basename(relative)) };
    if (isGitPath(target.relative)) {
        throw new ApplyRefusal(`${relative}: leads into .git, which is never changed`);
    }
    if (change === 'deleted') {
        const stat = await fs.lstat(target.absolute).catch(() => undefined);
        if (stat?.isDirectory()) {
            throw new ApplyRefusal(`${relative}: is a directory in the workspace now`);
        }
        await fs.rm(target.absolute, { force: true });
        return;
    }
    const source = path.join(scratchRoot, relative);
    const stat = await fs.lstat(source);
    await fs.mkdir(path.dirname(target.absolute), { recursive: true });
    const temporary = temporaryPathBeside(target.absolute);
    try {
        if (stat.isSymbolicLink()) {
            await fs.symlink(await fs.readlink(source), temporary);
        } else {
            await writeSynced(temporary, await fs.readFile(source), stat.mode & 0o7777);
        }
        await fs.rename(temporary, target.absolute);
    } catch (error) {
        await fs.rm(temporary, { force: true });
        throw error;
    }
}
