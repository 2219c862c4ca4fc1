/** An error the caller can fix (bad arguments, a missing file…): it becomes an `isError` result with this message. */
export class ToolError extends Error {
    override readonly name = 'ToolError';
}
