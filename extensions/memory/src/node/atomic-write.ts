import * as fs from 'fs/promises';
import * as path from 'path';
import { randomSuffix } from './entry-id';

/**
 * Writes a file so that readers see the old content or the new, never a part: a temporary file
 * in the same directory (dot-named, so it is never mistaken for an entry), synced, then renamed.
 */
export async function writeFileAtomically(file: string, content: string): Promise<void> {
    const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomSuffix()}.tmp`);
    try {
        const handle = await fs.open(temporary, 'wx', 0o644);
        try {
            await handle.writeFile(content, 'utf8');
            await handle.sync();
        } finally {
            await handle.close();
        }
        await fs.rename(temporary, file);
    } catch (error) {
        await fs.rm(temporary, { force: true });
        throw error;
    }
}
