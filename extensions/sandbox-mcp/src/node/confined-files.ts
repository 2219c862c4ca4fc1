import { randomBytes } from 'crypto';
import { constants, Dirent, Stats } from 'fs';
import * as fs from 'fs/promises';
import * as path from 'path';

/*
 * Files opened inside a root without check-then-open races: open first, then check what was opened.
 * Node has no openat or renameat, but Linux's /proc/self/fd stands in for both: readlink of
 * /proc/self/fd/<fd> is where an opened file really is, and /proc/self/fd/<dirfd>/<name> looks
 * <name> up in the very directory that descriptor holds, even after a symlink took its place.
 */

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_DIRECTORY, O_NONBLOCK } = constants;

/** What was opened lies outside the root (a symlink was swapped in after the path was checked). */
export class OutsideRootError extends Error {
    override readonly name = 'OutsideRootError';

    constructor(readonly root: string, readonly opened: string) {
        super(`${opened} is outside ${root}`);
    }
}

export function isInside(root: string, candidate: string): boolean {
    const relative = path.relative(root, candidate);
    return relative === '' || (relative !== '..' && !relative.startsWith('..' + path.sep) && !path.isAbsolute(relative));
}

export function errorCode(error: unknown): string | undefined {
    return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Where the file a descriptor holds is now. */
export async function openedPath(handle: fs.FileHandle): Promise<string> {
    try {
        return await fs.readlink(`/proc/self/fd/${handle.fd}`);
    } catch (error) {
        throw new Error(`cannot tell where an opened file is: /proc/self/fd is needed (Linux with /proc mounted): ${(error as Error).message}`);
    }
}

/** Opens `file` and closes it again, with OutsideRootError, unless what was opened lies inside `root` (a real path). */
async function openInside(root: string, file: string, flags: number, mode?: number): Promise<fs.FileHandle> {
    const handle = await fs.open(file, flags, mode);
    try {
        const opened = await openedPath(handle);
        if (!isInside(root, opened)) {
            throw new OutsideRootError(root, opened);
        }
        return handle;
    } catch (error) {
        await handle.close();
        throw error;
    }
}

/**
 * Opens an existing file to read it, never through a symlink as its last component (ELOOP), and
 * checks that it lies inside `root`. O_NONBLOCK: a fifo put in its place cannot hang the open.
 */
export function openFileInside(root: string, file: string): Promise<fs.FileHandle> {
    return openInside(root, file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
}

/** The bytes of an existing regular file inside `root`, read from a checked descriptor (see openFileInside). */
export async function readFileInside(root: string, file: string): Promise<Buffer> {
    const handle = await openFileInside(root, file);
    try {
        if (!(await handle.stat()).isFile()) {
            throw new Error(`${file} is not a regular file`);
        }
        return await handle.readFile();
    } finally {
        await handle.close();
    }
}

/** An opened directory, checked to lie inside a root; its entries are reached through its descriptor. */
export class ConfinedDirectory {
    private constructor(readonly root: string, private readonly handle: fs.FileHandle) { }

    /**
     * Opens `directory` (a path whose symlinks, if any, should lead inside `root`, a real path) and
     * checks where it really is. With `create`, missing directories are made, each one inside the one
     * above it, never through a symlink.
     */
    static async open(root: string, directory: string, options: { create?: boolean } = {}): Promise<ConfinedDirectory> {
        try {
            return new ConfinedDirectory(root, await openInside(root, directory, O_RDONLY | O_DIRECTORY));
        } catch (error) {
            const parent = path.dirname(directory);
            if (!options.create || errorCode(error) !== 'ENOENT' || parent === directory || !isInside(root, parent)) {
                throw error;
            }
            const above = await ConfinedDirectory.open(root, parent, options);
            try {
                return await above.makeDirectory(path.basename(directory));
            } finally {
                await above.close();
            }
        }
    }

    /** Where the directory is now. */
    path(): Promise<string> {
        return openedPath(this.handle);
    }

    /** A path that names `name` in this very directory, whatever now stands at the directory's old path. */
    entry(name: string): string {
        if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
            throw new Error(`not a directory entry name: ${JSON.stringify(name)}`);
        }
        return `/proc/self/fd/${this.handle.fd}/${name}`;
    }

    /** The entry itself (a symlink is not followed); undefined when it is missing. */
    async lstat(name: string): Promise<Stats | undefined> {
        return fs.lstat(this.entry(name)).catch(error => {
            if (errorCode(error) === 'ENOENT') {
                return undefined;
            }
            throw error;
        });
    }

    readLink(name: string): Promise<string> {
        return fs.readlink(this.entry(name));
    }

    list(): Promise<Dirent[]> {
        return fs.readdir(`/proc/self/fd/${this.handle.fd}`, { withFileTypes: true });
    }

    /** Opens an entry to read it; a symlink there is refused (ELOOP). */
    openFile(name: string): Promise<fs.FileHandle> {
        return openFileInside(this.root, this.entry(name));
    }

    /** A subdirectory; a symlink there is refused (ENOTDIR). */
    async openDirectory(name: string): Promise<ConfinedDirectory> {
        return new ConfinedDirectory(this.root, await openInside(this.root, this.entry(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW));
    }

    async makeDirectory(name: string): Promise<ConfinedDirectory> {
        await fs.mkdir(this.entry(name)).catch(error => {
            if (errorCode(error) !== 'EEXIST') {
                throw error;
            }
        });
        return this.openDirectory(name);
    }

    /**
     * Replaces the entry `name` with a file holding `data` so that readers see the old content or
     * the new, never a part, even after a crash: a temporary file beside it (created exclusively,
     * never through a symlink) is written and synced, then renamed over it (an entry that is a
     * symlink is replaced, not followed), then the directory is synced. `mode` is set exactly when
     * given; otherwise the umask applies as for any new file.
     */
    async replaceFile(name: string, data: Buffer | string, mode?: number): Promise<void> {
        const temporary = this.entry(temporaryName(name));
        try {
            const file = await fs.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode ?? 0o666);
            try {
                await file.writeFile(data);
                if (mode !== undefined) {
                    await file.chmod(mode);
                }
                await file.sync();
            } finally {
                await file.close();
            }
            await fs.rename(temporary, this.entry(name));
        } catch (error) {
            await fs.unlink(temporary).catch(() => undefined);
            throw error;
        }
        await this.sync();
    }

    /** Replaces the entry `name` with a symlink to `target`, atomically like replaceFile. */
    async replaceWithSymlink(name: string, target: string): Promise<void> {
        const temporary = this.entry(temporaryName(name));
        try {
            await fs.symlink(target, temporary);
            await fs.rename(temporary, this.entry(name));
        } catch (error) {
            await fs.unlink(temporary).catch(() => undefined);
            throw error;
        }
        await this.sync();
    }

    /** Unlinks the entry (a symlink itself, never what it points to); a missing entry is fine. */
    async remove(name: string): Promise<void> {
        await fs.unlink(this.entry(name)).catch(error => {
            if (errorCode(error) !== 'ENOENT') {
                throw error;
            }
        });
        await this.sync();
    }

    /** Makes renames and unlinks in the directory durable; some file systems cannot, which is no reason to fail. */
    private async sync(): Promise<void> {
        await this.handle.sync().catch(() => undefined);
    }

    close(): Promise<void> {
        return this.handle.close();
    }
}

/** A dot-named sibling for `name`, unique, short enough for any file system (at most 40 characters of `name`). */
function temporaryName(name: string): string {
    return `.${Array.from(name).slice(0, 40).join('')}.${randomBytes(6).toString('hex')}.tmp`;
}

/** Runs `work` with the directory open, closing it afterwards. */
export async function withDirectory<T>(opening: Promise<ConfinedDirectory>, work: (directory: ConfinedDirectory) => Promise<T>): Promise<T> {
    const directory = await opening;
    try {
        return await work(directory);
    } finally {
        await directory.close();
    }
}
