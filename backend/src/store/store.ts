import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { makePrivateDir, makePrivateFile } from './private-files.js';
import { PrivateJsonFile } from './private-json-file.js';
import { emptyStore, StoreData } from './records.js';

/**
 * Gateway state in one JSON file, private to the gateway's user (0600 in a 0700 directory), written
 * atomically (PrivateJsonFile). Mutations are serialised so two requests never interleave a
 * read-modify-write.
 * This class is the seam where PostgreSQL replaces lowdb once the gateway is replicated.
 */
export class Store {
    private queue: Promise<unknown> = Promise.resolve();

    private constructor(private readonly db: Low<StoreData>) { }

    static async open(path: string): Promise<Store> {
        await makePrivateDir(dirname(path));
        await makePrivateFile(path);
        // Left by a crash of an older version that wrote through steno, with the umask's mode.
        await rm(join(dirname(path), `.${basename(path)}.tmp`), { force: true });
        const db = new Low<StoreData>(new PrivateJsonFile<StoreData>(path), emptyStore());
        await db.read();
        db.data = { ...emptyStore(), ...db.data };
        return new Store(db);
    }

    /** A snapshot for reading; never mutate it. */
    get data(): Readonly<StoreData> {
        return this.db.data;
    }

    /** Applies `change` to the state and persists it before resolving. */
    update<T>(change: (data: StoreData) => T): Promise<T> {
        const run = this.queue.then(async () => {
            const result = change(this.db.data);
            await this.db.write();
            return result;
        });
        this.queue = run.catch(() => undefined);
        return run;
    }

    /** Proves the store is writable (for /readyz). */
    async checkWritable(): Promise<void> {
        await this.update(() => undefined);
    }
}
