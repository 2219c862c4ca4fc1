/*
 * The wire format of POST TOOL_CALL_PATH.
 *
 * Request: JSON `ToolCallRequest`. Refused before any tool runs: 400 (malformed JSON or shape),
 * 404 (unknown tool), 413 (body over MAX_TOOL_REQUEST_BYTES), each with a JSON `ToolCallErrorBody`.
 * Otherwise 200 `application/x-ndjson`: zero or more `ToolProgressLine`s, then exactly one
 * `ToolResultLine`. Closing the connection early cancels the call.
 */

export interface ToolCallRequest {
    tool: string;
    arguments: Record<string, unknown>;
}

export interface ToolCallErrorBody {
    error: string;
}

export interface ToolProgressLine {
    type: 'progress';
    /** Increases with every line (run_command: seconds elapsed). */
    progress: number;
    total?: number;
    message: string;
}

export interface ToolTextContent {
    type: 'text';
    text: string;
}

/** Shaped like an MCP CallToolResult so the gateway can pass it on unchanged. */
export interface ToolResultLine {
    type: 'result';
    /** True for errors the caller can fix: bad arguments, paths outside the workspace, missing files. */
    isError: boolean;
    content: ToolTextContent[];
    structuredContent?: Record<string, unknown>;
}

export type ToolCallLine = ToolProgressLine | ToolResultLine;

export const TOOL_CALL_CONTENT_TYPE = 'application/x-ndjson';
