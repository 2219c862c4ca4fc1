import { appendFile, readFile } from 'node:fs/promises';
import { makePrivateFile, PRIVATE_FILE_MODE } from '../store/private-files.js';

/**
 * Append-only JSON lines kept next to the gateway's state; each entry belongs to one user. The file
 * is private (0600): a new one is created so, and one an older version left 0644 is tightened
 * before anything else is done with it.
 */
export class JsonLinesLog<Entry extends { userId: string }> {
    private writing: Promise<void>;

    constructor(private readonly path: string) {
        this.writing = makePrivateFile(path).catch(() => undefined);
    }

    record(entry: Entry): Promise<void> {
        this.writing = this.writing.then(() => appendFile(this.path, `${JSON.stringify(entry)}\n`, { mode: PRIVATE_FILE_MODE })).catch(() => undefined);
        return this.writing;
    }

    /** Every entry, oldest first; a line cut by a crash is skipped. No file yet: none. */
    async all(): Promise<Entry[]> {
        await this.writing;
        let text: string;
        try {
            text = await readFile(this.path, 'utf8');
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
                return [];
            }
            throw error;
        }
        return text.split('\n').flatMap(line => {
            try {
                return line ? [JSON.parse(line) as Entry] : [];
            } catch {
                return [];
            }
        });
    }

    /** The newest entries first, optionally of one user and those `where` accepts; a line cut by a crash is skipped. */
    async recent(options: { userId?: string; limit: number; where?: (entry: Entry) => boolean }): Promise<Entry[]> {
        await this.writing;
        let text: string;
        try {
            text = await readFile(this.path, 'utf8');
        } catch {
            return [];
        }
        const entries: Entry[] = [];
        const lines = text.split('\n');
        for (let i = lines.length - 1; i >= 0 && entries.length < options.limit; i--) {
            let entry: Entry;
            try {
                entry = JSON.parse(lines[i]) as Entry;
            } catch {
                continue;
            }
            if ((!options.userId || entry.userId === options.userId) && (!options.where || options.where(entry))) {
                entries.push(entry);
            }
        }
        return entries;
    }
}
