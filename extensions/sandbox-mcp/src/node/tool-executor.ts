import { injectable, multiInject } from '@theia/core/shared/inversify';
import { z } from 'zod';
import { ToolResultLine } from '../common/tool-definitions';
import { SandboxTool, ToolCallContext } from './sandbox-tool';
import { ToolError } from './tool-error';
import { toolErrorResult } from './tool-results';

/** Validates arguments and runs the named tool; every failure becomes an `isError` result. */
@injectable()
export class ToolExecutor {
    private readonly tools: Map<string, SandboxTool>;

    constructor(@multiInject(SandboxTool) tools: SandboxTool[]) {
        this.tools = new Map(tools.map(tool => [tool.definition.name, tool]));
    }

    has(name: string): boolean {
        return this.tools.has(name);
    }

    async execute(name: string, args: unknown, context: ToolCallContext): Promise<ToolResultLine> {
        const tool = this.tools.get(name);
        if (!tool) {
            return toolErrorResult(`unknown tool ${JSON.stringify(name)}`);
        }
        const parsed = tool.definition.inputSchema.safeParse(args);
        if (!parsed.success) {
            return toolErrorResult(`invalid arguments for ${name}: ${describeIssues(parsed.error)}`);
        }
        try {
            return await tool.run(parsed.data, context);
        } catch (error) {
            if (error instanceof ToolError) {
                return toolErrorResult(error.message);
            }
            if (!isSystemError(error)) {
                console.error(`[sandbox-mcp] ${name} failed`, error);
            }
            return toolErrorResult(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
}

/** `edits[1].oldText: Too small…; Unrecognized key: "foo"` */
function describeIssues(error: z.ZodError): string {
    return error.issues.map(issue => {
        const where = issue.path.reduce<string>((text, key) =>
            typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key), '');
        return where ? `${where}: ${issue.message}` : issue.message;
    }).join('; ');
}

/** Errors from the file system and processes (EACCES, ENOSPC…) explain themselves; anything else is a bug worth logging. */
function isSystemError(error: unknown): boolean {
    return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
