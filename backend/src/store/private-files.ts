import { chmod, mkdir } from 'node:fs/promises';

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
