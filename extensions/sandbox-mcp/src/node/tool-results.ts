import { ToolResultLine } from '../common/tool-definitions';

export function toolResult(text: string, structuredContent?: Record<string, unknown>): ToolResultLine {
    return { type: 'result', isError: false, content: [{ type: 'text', text }], ...(structuredContent && { structuredContent }) };
}

export function toolErrorResult(message: string): ToolResultLine {
    return { type: 'result', isError: true, content: [{ type: 'text', text: message }] };
}
