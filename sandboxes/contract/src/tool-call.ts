import { z } from 'zod';

export * from './tool-call-limits';

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
