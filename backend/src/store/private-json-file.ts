import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { writePrivateFileAtomically } from './private-files.js';

/**
 * lowdb's JSONFile, but every version of the file is created 0600: steno's temporary file takes
 * the umask's mode (0644) and the rename carries it over. Written to a temporary file, flushed,
 * then renamed, so a crash mid-write leaves the previous version intact.
 */
export class PrivateJsonFile<Data> implements Adapter<Data> {
    constructor(private readonly path: string) { }

    async read(): Promise<Data | null> {
        try {
            return JSON.parse(await readFile(this.path, 'utf8')) as Data;
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
                return null;
            }
            throw error;
        }
    }

    write(data: Data): Promise<void> {
        return writePrivateFileAtomically(this.path, JSON.stringify(data, null, 2));
    }
}
