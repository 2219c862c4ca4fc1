export const MAX_TITLE_LENGTH = 200;
export const MAX_BODY_BYTES = 256 * 1024;
export const MAX_TAGS = 20;
export const TAG_PATTERN = '^[a-z0-9][a-z0-9-]{0,39}$';
export const MAX_LINKS = 50;
export const MAX_LINK_PATH_LENGTH = 1024;
export const ENTRY_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;
export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;
/** Where entries live, relative to the workspace root. */
export const MEMORY_DIR = '.ide/memory';
