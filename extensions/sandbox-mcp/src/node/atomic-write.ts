import { randomBytes } from 'crypto';
import * as fs from 'fs/promises';
import * as path from 'path';

/** A dot-named temporary file beside `file`, so that a rename can replace it in one step. */
export function temporaryPathBeside(file: string): string {
    return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Creates `file` (which must not exist) with `data` and flushes it to disk. */
export async function writeSynced(file: string, data: Buffer | string, mode = 0o644): Promise<void> {
    const handle = await fs.open(file, 'wx', mode);
    try {
        await handle.writeFile(data);
        await handle.chmod(mode);
        await handle.sync();
    } finally {
        await handle.close();
    }
}

/** Writes a file so that readers see the old content or the new, never a part, even after a crash. */
export async function writeFileAtomically(file: string, data: Buffer | string, mode = 0o644): Promise<void> {
    const temporary = temporaryPathBeside(file);
    try {
        await writeSynced(temporary, data, mode);
        await fs.rename(temporary, file);
    } catch (error) {
        await fs.rm(temporary, { force: true });
        throw error;
    }
}
