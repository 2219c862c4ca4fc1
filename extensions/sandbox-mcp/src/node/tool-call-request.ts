import { ToolCallRequest } from '../common/tool-definitions';

/** Parses the body of a tool call; returns the reason when it is not `{"tool": string, "arguments": object}`. */
export function parseToolCallRequest(body: Buffer): ToolCallRequest | { error: string } {
    let value: unknown;
    try {
        value = JSON.parse(body.toString('utf8'));
    } catch (error) {
        return { error: `the body is not JSON: ${(error as Error).message}` };
    }
    if (!isPlainObject(value) || typeof value.tool !== 'string' || !isPlainObject(value.arguments)) {
        return { error: 'the body must be {"tool": string, "arguments": object}' };
    }
    return { tool: value.tool, arguments: value.arguments };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
