/*
 * The plain classes, usable without dependency injection (scripts, benches, other backends).
 * The injectable service is MemoryServiceImpl, bound to MemoryService (common/memory-protocol).
 */
export { MemoryIndex, FIELD_BOOSTS } from './memory-index';
export { MemoryStore, MemoryStoreOptions, EntryFileReading } from './memory-store';
export { ProjectMemory, ProjectMemoryOptions, MAX_DOC_BYTES } from './project-memory';
export { MemoryError, MemoryErrorCode } from './memory-error';
export { parseEntry, serializeEntry, EntryFormatError } from './entry-file';
export { splitMarkdownSections, MarkdownSection } from './markdown-sections';
