import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { emptyStore, StoreData } from './records.js';

/**
 * Gateway state in one JSON file. lowdb writes through steno: to a temporary file, then rename,
 * so a crash mid-write leaves the previous version intact. Mutations are serialised so two
 * requests never interleave a read-modify-write.
 * This class is the seam where PostgreSQL replaces lowdb once the gateway is replicated.
 */
export class Store {
    private queue: Promise<unknown> = Promise.resolve();

    private constructor(private readonly db: Low<StoreData>) { }

    static async open(path: string): Promise<Store> {
        await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        const db = new Low<StoreData>(new JSONFile<StoreData>(path), emptyStore());
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
