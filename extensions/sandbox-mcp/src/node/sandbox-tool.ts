import { z } from 'zod';
import { SandboxToolDefinition, ToolResultLine } from '../common/tool-definitions';

/** Bound once per tool (multi-binding, see bindSandboxTools); the executor finds tools by name. */
export const SandboxTool = Symbol('SandboxTool');

export interface SandboxTool<Schema extends z.ZodType = z.ZodType> {
    readonly definition: SandboxToolDefinition<Schema>;
    run(args: z.output<Schema>, context: ToolCallContext): Promise<ToolResultLine>;
}

export interface ToolCallContext {
    /** Aborted when the caller goes away before the result: stop, and kill what the call started. */
    readonly signal: AbortSignal;
    reportProgress(progress: number, total: number | undefined, message: string): void;
}
