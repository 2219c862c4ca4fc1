import { z } from 'zod';

/*
 * The wire format of POST TOOL_CALL_PATH (control-channel.ts).
 *
 * Request: JSON `ToolCallRequest`. Refused before any tool runs: 400 (malformed JSON or shape),
 * 404 (unknown tool), 413 (body over MAX_TOOL_REQUEST_BYTES), each with a JSON `ToolCallErrorBody`.
 * Otherwise 200 `application/x-ndjson`: zero or more `ToolProgressLine`s, then exactly one
 * `ToolResultLine`. Closing the connection early cancels the call.
 *
 * The gateway treats every byte of the answer as hostile: each line is bounded by
 * MAX_TOOL_REPLY_LINE_BYTES, parsed defensively and checked against the schemas below.
 */

/** Largest accepted request body; larger bodies are answered with 413. */
export const MAX_TOOL_REQUEST_BYTES = 16 * 1024 * 1024;

/**
 * Largest line of an answer the gateway accepts: a result carries at most 8 MiB of text (MAX_READ_BYTES)
 * plus its JSON escaping and structured content.
 */
export const MAX_TOOL_REPLY_LINE_BYTES = 24 * 1024 * 1024;

/** Largest error body (a refusal before the tool ran) the gateway reads. */
export const MAX_TOOL_ERROR_BODY_BYTES = 64 * 1024;

export const TOOL_CALL_CONTENT_TYPE = 'application/x-ndjson';

export interface ToolCallRequest {
    tool: string;
    arguments: Record<string, unknown>;
}

export const toolCallErrorBodySchema = z.object({ error: z.string() });
export type ToolCallErrorBody = z.infer<typeof toolCallErrorBodySchema>;

export const toolProgressLineSchema = z.object({
    type: z.literal('progress'),
    /** Increases with every line (run_command: seconds elapsed). */
    progress: z.number(),
    total: z.number().optional(),
    message: z.string().max(10_000)
});
export type ToolProgressLine = z.infer<typeof toolProgressLineSchema>;

export const toolTextContentSchema = z.object({ type: z.literal('text'), text: z.string() });
export type ToolTextContent = z.infer<typeof toolTextContentSchema>;

/** Shaped like an MCP CallToolResult so the gateway can pass it on unchanged. */
export const toolResultLineSchema = z.object({
    type: z.literal('result'),
    /** True for errors the caller can fix: bad arguments, paths outside the workspace, missing files. */
    isError: z.boolean(),
    content: z.array(toolTextContentSchema).max(100),
    structuredContent: z.record(z.string(), z.unknown()).optional()
});
export type ToolResultLine = z.infer<typeof toolResultLineSchema>;

export const toolCallLineSchema = z.discriminatedUnion('type', [toolProgressLineSchema, toolResultLineSchema]);
export type ToolCallLine = ToolProgressLine | ToolResultLine;
