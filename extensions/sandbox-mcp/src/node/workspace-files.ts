import { Stats } from 'fs';
import * as fs from 'fs/promises';
import * as path from 'path';
import { ConfinedDirectory, errorCode, openFileInside, OutsideRootError } from './confined-files';
import { ToolError } from './tool-error';
import { WorkspacePath, WorkspacePaths } from './workspace-paths';

/*
 * How the file tools open what they read and write: the path is checked first (WorkspacePaths, for
 * clear messages), then opened through confined-files, which checks what was really opened, so a
 * symlink swapped in between cannot lead a tool out of the workspace.
 */

export interface FileToRead {
    path: WorkspacePath;
    handle: fs.FileHandle;
    stats: Stats;
}

/** Opens an existing regular file to read it. Symlinks that stay inside the workspace are followed. */
export async function withFileToRead<T>(paths: WorkspacePaths, argument: string, input: string, work: (file: FileToRead) => Promise<T>): Promise<T> {
    const target = await paths.resolve(argument, input);
    const handle = await openFileInside(target.realRoot, target.absolute).catch(error => {
        throw explain(paths, target, error);
    });
    try {
        const stats = await handle.stat();
        requireRegularFile(target, stats);
        return await work({ path: target, handle, stats });
    } finally {
        await handle.close();
    }
}

/** Opens an existing directory to list it. Symlinks that stay inside the workspace are followed. */
export async function withDirectoryToRead<T>(
    paths: WorkspacePaths, argument: string, input: string, work: (directory: ConfinedDirectory, target: WorkspacePath) => Promise<T>
): Promise<T> {
    const target = await paths.resolve(argument, input);
    const directory = await ConfinedDirectory.open(target.realRoot, target.absolute).catch(async error => {
        if (errorCode(error) === 'ENOTDIR' && (await fs.stat(target.absolute).catch(() => undefined))) {
            throw new ToolError(`${describe(target)} is not a directory`);
        }
        throw explain(paths, target, error);
    });
    try {
        return await work(directory, target);
    } finally {
        await directory.close();
    }
}

export interface FileToReplace {
    path: WorkspacePath;
    /** The file there now (never a symlink or a directory), or undefined. */
    existing: Stats | undefined;
    /** Opens the file there now to read it (it must exist). */
    open(): Promise<{ handle: fs.FileHandle; stats: Stats }>;
    /** Replaces the file atomically, keeping the mode of the file there now. */
    replace(content: string | Buffer): Promise<void>;
}

/**
 * A file about to be replaced, in its directory opened and checked inside the workspace (with
 * `create`, the file and the directories on its way may be missing and are made). A symlink as the
 * last component is refused even when it leads inside: the write would land somewhere else than
 * the path says, and the final component is exactly what a swap would target.
 */
export async function withFileToReplace<T>(
    paths: WorkspacePaths, argument: string, input: string, options: { create: boolean }, work: (file: FileToReplace) => Promise<T>
): Promise<T> {
    const target = await paths.resolve(argument, input);
    if (target.relative === '.') {
        throw new ToolError(`${describe(target)} is a directory, not a file`);
    }
    const { directory: parent, name } = await paths.resolveParent(argument, input);
    const directory = await ConfinedDirectory.open(parent.realRoot, parent.absolute, options).catch(error => {
        throw explain(paths, parent, error, options.create ? 'write' : 'read');
    });
    const opened: fs.FileHandle[] = [];
    try {
        const existing = await directory.lstat(name);
        if (existing?.isSymbolicLink()) {
            if (target.relative === path.join(parent.relative, name)) {
                throw new ToolError(`${describe(target)} was replaced by a symlink after it was checked; nothing was written`);
            }
            throw new ToolError(`${describe(target)} is a symlink (to ${JSON.stringify(target.relative)}); files are not written ` +
                `through symlinks: use the path ${JSON.stringify(target.relative)} instead`);
        }
        if (existing?.isDirectory()) {
            throw new ToolError(`${describe(target)} is a directory, not a file`);
        }
        if (existing) {
            requireRegularFile(target, existing);
        } else if (!options.create) {
            throw new ToolError(`${describe(target)} does not exist`);
        }
        let mode = existing && existing.mode & 0o7777;
        return await work({
            path: target,
            existing,
            open: async () => {
                const handle = await directory.openFile(name).catch(error => {
                    throw explain(paths, target, error);
                });
                opened.push(handle);
                const stats = await handle.stat();
                requireRegularFile(target, stats);
                mode = stats.mode & 0o7777;
                return { handle, stats };
            },
            replace: content => directory.replaceFile(name, content, mode).catch(error => {
                throw explain(paths, target, error, 'write');
            })
        });
    } finally {
        await Promise.all(opened.map(handle => handle.close()));
        await directory.close();
    }
}

function describe(target: WorkspacePath): string {
    return `${target.argument} ${JSON.stringify(target.input)}`;
}

function requireRegularFile(target: WorkspacePath, stats: Stats): void {
    if (stats.isDirectory()) {
        throw new ToolError(`${describe(target)} is a directory, not a file`);
    }
    if (!stats.isFile()) {
        throw new ToolError(`${describe(target)} is not a regular file`);
    }
}

/** The message for an error from opening or replacing what was checked; other errors pass unchanged. */
function explain(paths: WorkspacePaths, target: WorkspacePath, error: unknown, doing: 'read' | 'write' = 'read'): unknown {
    if (error instanceof OutsideRootError) {
        return new ToolError(`${describe(target)} is outside the workspace ${paths.root} (a symlink leads to ${error.opened})`);
    }
    switch (errorCode(error)) {
        case 'ENOENT':
            return new ToolError(doing === 'read' ? `${describe(target)} does not exist` :
                `${describe(target)} could not be written: a directory on its path went away while it was written`);
        case 'ENOTDIR':
            return new ToolError(doing === 'read' ? `${describe(target)} does not exist` :
                `${describe(target)} could not be written: something on its path is not a directory (or was replaced by a symlink meanwhile)`);
        case 'ELOOP':
            return new ToolError(`${describe(target)} was replaced by a symlink after it was checked; nothing was ${doing === 'read' ? 'read' : 'written'}`);
        case 'EISDIR':
            return new ToolError(`${describe(target)} is a directory, not a file`);
        default:
            return error;
    }
}
