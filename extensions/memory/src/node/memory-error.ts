import { ToolError } from '@ide/sandbox-mcp/lib/node/tool-error';

export type MemoryErrorCode = 'invalid-input' | 'not-found';

/**
 * An error the caller can fix: bad input or an unknown id. A ToolError, so the MCP tools turn it
 * into an `isError` result with this message; over RPC the frontend gets the message.
 */
export class MemoryError extends ToolError {
    constructor(message: string, readonly code: MemoryErrorCode) {
        super(message);
    }
}
