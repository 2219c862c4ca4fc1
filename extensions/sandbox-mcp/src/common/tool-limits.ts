/** Most text `read_text_file` returns in one call. */
export const MAX_READ_BYTES = 8 * 1024 * 1024;

/** Most command output kept and returned: the tail of it. */
export const MAX_COMMAND_OUTPUT_BYTES = 1024 * 1024;

export const MAX_COMMAND_TIMEOUT_MS = 300_000;
export const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;

export const DEFAULT_SEARCH_RESULTS = 200;
export const MAX_SEARCH_RESULTS = 2000;

/** Most entries `list_directory` shows. */
export const MAX_DIRECTORY_ENTRIES = 5000;
