import * as fs from 'fs/promises';
import * as path from 'path';
import { WorkspacePaths } from '@ide/sandbox-mcp/lib/node/workspace-paths';
import { MAX_BODY_BYTES, MEMORY_DIR } from '../common/memory-limits';
import { MemoryAuthor, MemoryEntry, MemoryEntryChanges, MemoryProblem, NewMemoryEntry } from '../common/memory-types';
import { writeFileAtomically } from '@ide/sandbox-mcp/lib/node/atomic-write';
import { EntryFormatError, normalizeBody, parseEntry, serializeEntry } from './entry-file';
import { isEntryId, newEntryId } from './entry-id';
import { confineLinks } from './link-confinement';
import { MemoryError } from './memory-error';
import { entryChangesSchema, entryId, memoryAuthorSchema, newEntrySchema, parseOrThrow } from './memory-schemas';

/** Front matter is small; a file much larger than the body limit is not an entry someone wrote through us. */
const MAX_ENTRY_FILE_BYTES = MAX_BODY_BYTES + 64 * 1024;

export interface MemoryStoreOptions {
    now?: () => Date;
}

export type EntryFileReading =
    | { entry: MemoryEntry; problem?: undefined }
    | { entry?: undefined; problem: MemoryProblem };

/**
 * The entries of one workspace as files: `<root>/.ide/memory/<id>.md`, written atomically.
 * Validates everything it is given and throws MemoryError for bad input and unknown ids.
 * Writes are serialized, so concurrent updates of one entry do not lose each other.
 */
export class MemoryStore {
    readonly root: string;
    /** Absolute path of `.ide/memory`. */
    readonly directory: string;
    private readonly paths: WorkspacePaths;
    private readonly now: () => Date;
    private writes: Promise<unknown> = Promise.resolve();

    constructor(root: string, options: MemoryStoreOptions = {}) {
        this.root = path.resolve(root);
        this.directory = path.join(this.root, MEMORY_DIR);
        this.paths = new WorkspacePaths(this.root);
        this.now = options.now ?? (() => new Date());
    }

    /** `.ide/memory/<id>.md`, relative to the workspace root. */
    relativePath(id: string): string {
        return `${MEMORY_DIR}/${id}.md`;
    }

    filePath(id: string): string {
        return path.join(this.directory, `${id}.md`);
    }

    async add(input: NewMemoryEntry, author: MemoryAuthor): Promise<MemoryEntry> {
        const fields = parseOrThrow(newEntrySchema, input, 'memory entry');
        const validAuthor = parseOrThrow(memoryAuthorSchema, author, 'author');
        return this.serialized(async () => {
            const links = await confineLinks(this.paths, fields.links ?? []);
            await fs.mkdir(this.directory, { recursive: true });
            await this.requireDirectoryInside();
            const time = this.now().toISOString();
            const entry: MemoryEntry = {
                id: await this.unusedId(fields.title),
                kind: fields.kind,
                title: fields.title,
                body: normalizeBody(fields.body ?? ''),
                tags: unique(fields.tags ?? []),
                author: validAuthor,
                created: time,
                updated: time,
                links
            };
            await writeFileAtomically(this.filePath(entry.id), serializeEntry(entry));
            return entry;
        });
    }

    async update(id: string, changes: MemoryEntryChanges): Promise<MemoryEntry> {
        this.requireId(id);
        const fields = parseOrThrow(entryChangesSchema, changes, 'memory entry changes');
        return this.serialized(async () => {
            await this.requireDirectoryInside();
            const current = await this.get(id);
            const entry: MemoryEntry = {
                ...current,
                ...(fields.kind !== undefined && { kind: fields.kind }),
                ...(fields.title !== undefined && { title: fields.title }),
                ...(fields.body !== undefined && { body: normalizeBody(fields.body) }),
                ...(fields.tags !== undefined && { tags: unique(fields.tags) }),
                ...(fields.links !== undefined && { links: await confineLinks(this.paths, fields.links) }),
                updated: this.now().toISOString()
            };
            await writeFileAtomically(this.filePath(id), serializeEntry(entry));
            return entry;
        });
    }

    async delete(id: string): Promise<void> {
        this.requireId(id);
        return this.serialized(async () => {
            await this.requireDirectoryInside();
            try {
                await fs.unlink(this.filePath(id));
            } catch (error) {
                throw isMissing(error) ? this.notFound(id) : error;
            }
        });
    }

    /** Throws MemoryError for an unknown id, and for an entry file that cannot be read (saying why). */
    async get(id: string): Promise<MemoryEntry> {
        this.requireId(id);
        const reading = await this.readEntryFile(this.filePath(id));
        if (reading === undefined) {
            throw this.notFound(id);
        }
        if (reading.problem) {
            throw new MemoryError(`memory entry ${JSON.stringify(id)} cannot be read: ${reading.problem.reason} ` +
                `(fix or delete ${reading.problem.file})`, 'invalid-input');
        }
        return reading.entry;
    }

    /** Every entry file, read; the unreadable ones as problems. */
    async readAll(): Promise<{ entries: MemoryEntry[]; problems: MemoryProblem[] }> {
        const entries: MemoryEntry[] = [];
        const problems: MemoryProblem[] = [];
        for (const name of await this.entryFileNames()) {
            const reading = await this.readEntryFile(path.join(this.directory, name));
            if (reading?.entry) {
                entries.push(reading.entry);
            } else if (reading?.problem) {
                problems.push(reading.problem);
            }
        }
        return { entries, problems };
    }

    /** Names of the `*.md` files directly in `.ide/memory` (others, and sub-folders, are not entries). */
    async entryFileNames(): Promise<string[]> {
        const names = await fs.readdir(this.directory, { withFileTypes: true }).catch(error => {
            if (isMissing(error)) {
                return [];
            }
            throw error;
        });
        return names.filter(dirent => dirent.isFile() && isEntryFileName(dirent.name)).map(dirent => dirent.name).sort();
    }

    /** Reads one entry file; undefined when it does not exist. */
    async readEntryFile(file: string): Promise<EntryFileReading | undefined> {
        const relative = path.relative(this.root, file).split(path.sep).join('/');
        const id = path.basename(file, '.md');
        const problem = (reason: string): EntryFileReading => ({ problem: { file: relative, reason } });
        if (!isEntryId(id)) {
            return problem('the file name is not an entry id (lowercase letters, digits and dashes, then ".md")');
        }
        let text: string;
        try {
            const stats = await fs.stat(file);
            if (!stats.isFile()) {
                return problem('not a regular file');
            }
            if (stats.size > MAX_ENTRY_FILE_BYTES) {
                return problem(`the file is ${stats.size} bytes; entries are at most ${MAX_BODY_BYTES / 1024} KiB`);
            }
            text = await fs.readFile(file, 'utf8');
        } catch (error) {
            if (isMissing(error)) {
                return undefined;
            }
            return problem(`cannot be read: ${(error as Error).message}`);
        }
        try {
            return { entry: parseEntry(id, text) };
        } catch (error) {
            if (error instanceof EntryFormatError) {
                return problem(error.message);
            }
            throw error;
        }
    }

    private async unusedId(title: string): Promise<string> {
        for (; ;) {
            const id = newEntryId(title);
            const exists = await fs.access(this.filePath(id)).then(() => true, () => false);
            if (!exists) {
                return id;
            }
        }
    }

    /** A `.ide` or `.ide/memory` symlink must not lead writes out of the workspace. */
    private async requireDirectoryInside(): Promise<void> {
        await this.paths.resolve('the memory directory', MEMORY_DIR).catch(error => {
            throw new MemoryError((error as Error).message, 'invalid-input');
        });
    }

    private requireId(id: string): void {
        parseOrThrow(entryId, id, 'memory entry id');
    }

    private notFound(id: string): MemoryError {
        return new MemoryError(`no memory entry with id ${JSON.stringify(id)}`, 'not-found');
    }

    private serialized<T>(work: () => Promise<T>): Promise<T> {
        const result = this.writes.then(work);
        this.writes = result.catch(() => undefined);
        return result;
    }
}

export function isEntryFileName(name: string): boolean {
    return name.endsWith('.md') && !name.startsWith('.');
}

function unique(values: string[]): string[] {
    return [...new Set(values)];
}

function isMissing(error: unknown): boolean {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR';
}
