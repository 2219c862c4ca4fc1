import * as fs from 'fs/promises';
import * as path from 'path';
import { Emitter, Event } from '@theia/core/lib/common/event';
import { MemoryChange, MemoryService } from '../common/memory-protocol';
import {
    MemoryAuthor, MemoryEntry, MemoryEntryChanges, MemoryListing, MemoryProblem, MemorySearchQuery, MemorySearchResults, NewMemoryEntry
} from '../common/memory-types';
import { splitMarkdownSections } from './markdown-sections';
import { MemoryIndex } from './memory-index';
import { parseOrThrow, searchQuerySchema } from './memory-schemas';
import { MemoryStore } from './memory-store';
import { SourceWatcher } from './source-watcher';
import { classifySource, isUnder, listSources } from './workspace-sources';

/** Docs larger than this are skipped (and reported): they are generated, not written. */
export const MAX_DOC_BYTES = 1024 * 1024;

export interface ProjectMemoryOptions {
    /** Re-index files changed on disk by others (default true). */
    watch?: boolean;
    /** Quiet time before changed files are re-read (default 100 ms). */
    debounceMs?: number;
    /** The author of entries added without one (default human "user"). */
    defaultAuthor?: MemoryAuthor;
    now?: () => Date;
}

/**
 * The project memory of one workspace, without dependency injection: the entry files
 * (MemoryStore), the index over them and the docs (MemoryIndex), the files that could not be
 * read (problems), and a watcher that re-reads only the files that changed on disk.
 * Changes made through it are indexed before its promise resolves.
 */
export class ProjectMemory implements MemoryService {
    readonly root: string;
    readonly store: MemoryStore;
    readonly index = new MemoryIndex();
    private readonly problemsByFile = new Map<string, string>();
    /** What each indexed (or reported) file looked like when it was read: changed files differ. */
    private readonly seen = new Map<string, string>();
    private readonly onDidChangeEmitter = new Emitter<MemoryChange>();
    readonly onDidChange: Event<MemoryChange> = this.onDidChangeEmitter.event;
    private watcher: SourceWatcher | undefined;
    private ready: Promise<void> | undefined;
    private queue: Promise<unknown> = Promise.resolve();
    private closed = false;

    private defaultAuthor: MemoryAuthor;

    constructor(root: string, private readonly options: ProjectMemoryOptions = {}) {
        this.defaultAuthor = options.defaultAuthor ?? { kind: 'human', name: 'user' };
        this.root = path.resolve(root);
        this.store = new MemoryStore(this.root, { now: options.now });
    }

    /** A started ProjectMemory: everything indexed, watching when asked. */
    static async open(root: string, options: ProjectMemoryOptions = {}): Promise<ProjectMemory> {
        const memory = new ProjectMemory(root, options);
        await memory.start();
        return memory;
    }

    /** Indexes the workspace and starts watching; idempotent, and every other method waits for it. */
    start(): Promise<void> {
        this.ready ??= (async () => {
            if (this.options.watch !== false) {
                this.watcher = new SourceWatcher(this.root, paths => this.onFilesChanged(paths), { debounceMs: this.options.debounceMs });
                this.watcher.arm();
            }
            await this.serialized(() => this.reconcile(['']));
        })();
        return this.ready;
    }

    close(): void {
        this.closed = true;
        this.watcher?.close();
        this.onDidChangeEmitter.dispose();
    }

    async search(query: MemorySearchQuery): Promise<MemorySearchResults> {
        const valid = parseOrThrow(searchQuerySchema, query, 'memory search') as MemorySearchQuery;
        await this.start();
        return this.index.search(valid);
    }

    /** Who entries added without an author are by. */
    setDefaultAuthor(author: MemoryAuthor): void {
        this.defaultAuthor = author;
    }

    async add(input: NewMemoryEntry, author: MemoryAuthor = this.defaultAuthor): Promise<MemoryEntry> {
        await this.start();
        const entry = await this.serialized(async () => {
            const added = await this.store.add(input, author);
            await this.indexWritten(added);
            return added;
        });
        this.fire([this.store.relativePath(entry.id)]);
        return entry;
    }

    async update(id: string, changes: MemoryEntryChanges): Promise<MemoryEntry> {
        await this.start();
        const entry = await this.serialized(async () => {
            const updated = await this.store.update(id, changes);
            await this.indexWritten(updated);
            return updated;
        });
        this.fire([this.store.relativePath(id)]);
        return entry;
    }

    async delete(id: string): Promise<void> {
        await this.start();
        await this.serialized(async () => {
            await this.store.delete(id);
            this.forget(this.store.relativePath(id), 'entry');
        });
        this.fire([this.store.relativePath(id)]);
    }

    async get(id: string): Promise<MemoryEntry> {
        await this.start();
        return this.store.get(id);
    }

    async list(): Promise<MemoryListing> {
        await this.start();
        return { entries: this.index.entries(), problems: this.currentProblems() };
    }

    async problems(): Promise<MemoryProblem[]> {
        await this.start();
        return this.currentProblems();
    }

    async workspaceRoot(): Promise<string> {
        return this.root;
    }

    /**
     * Re-reads what changed at or under these paths (relative; '' is everything) and returns the
     * files whose index changed. The watcher calls this; call it when files may have changed unwatched.
     */
    async refresh(paths: string[] = ['']): Promise<string[]> {
        await this.start();
        const changed = await this.serialized(() => this.reconcile(paths));
        this.fire(changed);
        return changed;
    }

    private onFilesChanged(paths: string[]): void {
        this.serialized(() => this.reconcile(paths)).then(changed => this.fire(changed), error => {
            if (!this.closed) {
                console.error('[memory] re-indexing failed', error);
            }
        });
    }

    private currentProblems(): MemoryProblem[] {
        return [...this.problemsByFile].map(([file, reason]) => ({ file, reason })).sort((a, b) => a.file.localeCompare(b.file));
    }

    private async reconcile(paths: string[]): Promise<string[]> {
        const candidates = new Set<string>();
        for (const changed of paths) {
            if (classifySource(changed)) {
                candidates.add(changed);
                continue;
            }
            for (const known of this.seen.keys()) {
                if (isUnder(known, changed)) {
                    candidates.add(known);
                }
            }
            for (const found of await listSources(this.root, changed)) {
                candidates.add(found);
            }
        }
        const changedFiles: string[] = [];
        await forEachConcurrently([...candidates], READ_CONCURRENCY, async file => {
            if (!this.closed && await this.refreshFile(file)) {
                changedFiles.push(file);
            }
        });
        return changedFiles.sort();
    }

    /** Whether the index (or the problems) changed. */
    private async refreshFile(file: string): Promise<boolean> {
        const kind = classifySource(file);
        if (!kind) {
            return false;
        }
        const absolute = path.join(this.root, file);
        const signature = await signatureOf(absolute);
        if (signature === undefined) {
            return this.forget(file, kind);
        }
        if (this.seen.get(file) === signature) {
            return false;
        }
        if (kind === 'entry') {
            const reading = await this.store.readEntryFile(absolute);
            if (reading === undefined) {
                return this.forget(file, kind);
            }
            if (reading.entry) {
                this.index.setEntry(reading.entry);
                this.problemsByFile.delete(file);
            } else {
                this.index.removeEntry(path.basename(file, '.md'));
                this.problemsByFile.set(file, reading.problem.reason);
            }
        } else {
            await this.indexDoc(file, absolute);
        }
        this.seen.set(file, signature);
        return true;
    }

    private async indexDoc(file: string, absolute: string): Promise<void> {
        const size = (await fs.stat(absolute)).size;
        if (size > MAX_DOC_BYTES) {
            this.index.removeDoc(file);
            this.problemsByFile.set(file, `the doc is ${size} bytes; docs over ${MAX_DOC_BYTES / 1024 / 1024} MiB are not indexed`);
            return;
        }
        const text = await fs.readFile(absolute, 'utf8');
        this.index.setDoc(file, splitMarkdownSections(text, path.posix.basename(file)));
        this.problemsByFile.delete(file);
    }

    private forget(file: string, kind: 'entry' | 'doc'): boolean {
        const known = this.seen.delete(file);
        const hadProblem = this.problemsByFile.delete(file);
        const indexed = kind === 'entry' ? this.index.removeEntry(path.basename(file, '.md')) : this.index.removeDoc(file);
        return known || hadProblem || indexed;
    }

    private async indexWritten(entry: MemoryEntry): Promise<void> {
        const file = this.store.relativePath(entry.id);
        this.index.setEntry(entry);
        this.problemsByFile.delete(file);
        const signature = await signatureOf(path.join(this.root, file));
        if (signature !== undefined) {
            this.seen.set(file, signature);
        }
    }

    private fire(files: string[]): void {
        if (files.length > 0 && !this.closed) {
            this.onDidChangeEmitter.fire({ files });
        }
    }

    /** Index changes happen one at a time, so a slow re-read cannot overwrite a newer write. */
    private serialized<T>(work: () => Promise<T>): Promise<T> {
        const result = this.queue.then(work);
        this.queue = result.catch(() => undefined);
        return result;
    }
}

/** Files read at once while indexing: enough to hide the latency of each read. */
const READ_CONCURRENCY = 16;

async function forEachConcurrently<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            await work(items[next++]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Changes whenever the file is rewritten; undefined when it is missing or not a regular file. */
async function signatureOf(file: string): Promise<string | undefined> {
    const stats = await fs.lstat(file).catch(() => undefined);
    return stats?.isFile() ? `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}` : undefined;
}
