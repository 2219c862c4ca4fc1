import {
    MemoryAuthor, MemoryEntry, MemoryEntryChanges, MemoryListing, MemoryProblem, MemorySearchQuery, MemorySearchResults, NewMemoryEntry
} from './memory-types';

/** Where the backend serves MemoryService to the frontend (JSON-RPC over Theia's WebSocket). */
export const MEMORY_SERVICE_PATH = '/services/memory';

export const MemoryService = Symbol('MemoryService');

/**
 * Project memory of one workspace. Bad input and unknown ids are refused with an Error whose
 * message says what is wrong (on the node side a `MemoryError`).
 */
export interface MemoryService {
    search(query: MemorySearchQuery): Promise<MemorySearchResults>;
    /** Without an author the entry is the workspace user's (`human`). */
    add(entry: NewMemoryEntry, author?: MemoryAuthor): Promise<MemoryEntry>;
    update(id: string, changes: MemoryEntryChanges): Promise<MemoryEntry>;
    delete(id: string): Promise<void>;
    get(id: string): Promise<MemoryEntry>;
    /** All readable entries, most recently updated first, and the files that could not be read. */
    list(): Promise<MemoryListing>;
    problems(): Promise<MemoryProblem[]>;
    /** The absolute workspace root the memory belongs to. */
    workspaceRoot(): Promise<string>;
}

export interface MemoryChange {
    /** Files (relative to the workspace root) whose entries or doc sections changed. */
    files: string[];
}

/** Implemented by the frontend: told when the index changed (through the service or on disk). */
export interface MemoryClient {
    onDidChangeMemory(change: MemoryChange): void;
}
