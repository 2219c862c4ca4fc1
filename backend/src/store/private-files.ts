import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The gateway's state holds password, session and token hashes: only its own user may read it. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates the directory if needed and makes it private, also when an older version left it open. */
export async function makePrivateDir(path: string): Promise<void> {
    await mkdir(path, { recursive: true, mode: PRIVATE_DIR_MODE });
    await chmod(path, PRIVATE_DIR_MODE);
}

/** Makes an existing file private (an older version wrote 0644); a file not there yet is fine. */
export async function makePrivateFile(path: string): Promise<void> {
    try {
        await chmod(path, PRIVATE_FILE_MODE);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
            throw error;
        }
    }
}

/**
 * Replaces `path` with `data` so that a crash leaves the old version or the new, and creates every
 * version private: a temporary file beside it (0600 from its creation), flushed, then renamed.
 * The data dir is the gateway's own, so no path in it can be swapped from outside.
 */
export async function writePrivateFileAtomically(path: string, data: string): Promise<void> {
    const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
        const handle = await open(temporary, 'wx', PRIVATE_FILE_MODE);
        try {
            await handle.writeFile(data);
            await handle.sync();
        } finally {
            await handle.close();
        }
        await rename(temporary, path);
    } catch (error) {
        await rm(temporary, { force: true });
        throw error;
    }
}
