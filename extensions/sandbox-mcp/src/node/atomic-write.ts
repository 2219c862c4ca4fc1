import * as fs from 'fs/promises';
import * as path from 'path';
import { ConfinedDirectory, withDirectory } from './confined-files';

/**
 * Writes a file so that readers see the old content or the new, never a part, even after a crash
 * (see ConfinedDirectory.replaceFile). With `confinedTo` (a directory), the file's directory must
 * lie inside it when it is opened, whatever symlinks were swapped in along the way.
 */
export async function writeFileAtomically(file: string, data: Buffer | string, mode = 0o644, confinedTo?: string): Promise<void> {
    const directory = path.dirname(path.resolve(file));
    const root = await fs.realpath(confinedTo ?? directory);
    await withDirectory(ConfinedDirectory.open(root, directory), opened => opened.replaceFile(path.basename(file), data, mode));
}
