/* The byte limits of tool calls (tool-call.ts), apart so that the sandbox's relay can use them without zod. */

/** Largest accepted request body; larger bodies are answered with 413. */
export const MAX_TOOL_REQUEST_BYTES = 16 * 1024 * 1024;

/**
 * Largest line of an answer the gateway accepts: a result carries at most 8 MiB of text (MAX_READ_BYTES)
 * plus its JSON escaping and structured content.
 */
export const MAX_TOOL_REPLY_LINE_BYTES = 24 * 1024 * 1024;

/** Largest error body (a refusal before the tool ran) the gateway reads. */
export const MAX_TOOL_ERROR_BODY_BYTES = 64 * 1024;
