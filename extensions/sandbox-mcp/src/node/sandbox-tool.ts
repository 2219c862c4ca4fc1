import { z } from 'zod';
import { ToolResultLine } from '../common/tool-definitions';

/** Bound once per tool (multi-binding); the executor finds tools by name. */
export const SandboxTool = Symbol('SandboxTool');

export interface SandboxTool<Arguments = unknown> {
    /** As in SANDBOX_TOOLS. */
    readonly name: string;
    readonly argumentsSchema: z.ZodType<Arguments>;
    run(args: Arguments, context: ToolCallContext): Promise<ToolResultLine>;
}

export interface ToolCallContext {
    /** Aborted when the caller goes away before the result: stop, and kill what the call started. */
    readonly signal: AbortSignal;
    reportProgress(progress: number, total: number | undefined, message: string): void;
}
