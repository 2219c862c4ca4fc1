import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, CallToolResult, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ToolDefinition } from '@ide/sandbox-mcp/lib/common/tool-definitions.js';
import { AuditLog } from '../audit/audit-log.js';
import { Logger } from '../log.js';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { BoundedQueue } from '../limits/bounded-queue.js';
import { ApiTokenRecord, UserRecord, WorkspaceRecord } from '../store/records.js';
import { SandboxLifecycle } from '../workspaces/sandbox-lifecycle.js';
import { AGENT_TOOLS } from './tool-catalog.js';
import { MemoryBudget } from '../limits/memory-budget.js';
import { callSandboxTool, errorResult, SandboxToolUnreachable } from './sandbox-tool-client.js';

const TOOLS = new Map<string, ToolDefinition>(AGENT_TOOLS.map(tool => [tool.name, tool]));

export interface AgentContext {
    user: UserRecord;
    token: ApiTokenRecord;
    workspace: WorkspaceRecord;
}

/**
 * One MCP server per agent session (the SDK serves one connection per server). It lists the
 * sandbox's tools the token may use and runs each call inside the workspace's sandbox.
 */
export interface AgentServices {
    lifecycle: SandboxLifecycle;
    /** Bounds the sandboxes' answers held in memory, across all calls. */
    replyMemory: MemoryBudget;
    /** One queue per workspace: a bounded number of tool calls run in a sandbox at once. */
    callQueue(workspaceId: string): BoundedQueue;
    audit: AuditLog;
    metrics: GatewayMetrics;
    log: Logger;
}

export function createAgentServer(context: AgentContext, { lifecycle, replyMemory, callQueue, audit, metrics, log }: AgentServices): Server {
    const server = new Server(
        { name: 'theia-sandbox-ide', title: `Workspace ${context.workspace.name}`, version: '0.1.0' },
        {
            capabilities: { tools: {} },
            instructions: `Tools run inside the sandbox of workspace "${context.workspace.name}"; paths are relative to its root /workspace.`
        }
    );
    const allowed = (tool: ToolDefinition): boolean => !context.token.readOnly || tool.annotations.readOnlyHint;

    server.setRequestHandler(ListToolsRequestSchema, () => ({
        tools: AGENT_TOOLS.filter(allowed).map(({ name, title, description, inputSchema, annotations }) => ({ name, title, description, inputSchema, annotations: { title, ...annotations } }))
    }));

    server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
        const began = Date.now();
        const name = request.params.name;
        const tool = TOOLS.get(name);
        const finish = (outcome: 'ok' | 'error' | 'refused' | 'cancelled', result: CallToolResult, error?: string): CallToolResult => {
            metrics.mcpToolCalls.inc({ tool: tool ? name : 'unknown', outcome });
            void audit.record({
                at: new Date(began).toISOString(), userId: context.user.id, username: context.user.username, tokenName: context.token.name,
                workspaceId: context.workspace.id, tool: name.slice(0, 64), durationMs: Date.now() - began, outcome, ...(error ? { error: error.slice(0, 300) } : {})
            });
            return result;
        };
        if (!tool) {
            return finish('refused', errorResult(`unknown tool "${name}"; tools/list names the available ones`), 'unknown tool');
        }
        if (!allowed(tool)) {
            const message = `this token is read-only: "${name}" changes the workspace and needs a read-write token`;
            return finish('refused', errorResult(message), message);
        }
        const progressToken = request.params._meta?.progressToken;
        const onProgress = (progress: { progress: number; total?: number; message?: string }): void => {
            if (progressToken !== undefined) {
                void extra.sendNotification({ method: 'notifications/progress', params: { progressToken, ...progress } }).catch(() => undefined);
            }
        };
        const run = async (): Promise<CallToolResult> =>
            callSandboxTool(await lifecycle.link(context.user, context.workspace.id, { wake: true }), name, request.params.arguments, replyMemory, { signal: extra.signal, onProgress });
        try {
            const result = await callQueue(context.workspace.id).run(async () => {
                try {
                    return await run();
                } catch (error) {
                    if (!(error instanceof SandboxToolUnreachable)) {
                        throw error;
                    }
                    lifecycle.forget(context.workspace.id);
                    return run();
                }
            });
            const errorText = result.isError ? textOf(result) : undefined;
            return finish(result.isError ? 'error' : 'ok', result, errorText);
        } catch (error) {
            if (extra.signal.aborted) {
                return finish('cancelled', errorResult('cancelled; its processes were stopped'), 'cancelled');
            }
            log.warn({ err: (error as Error).message, tool: name, workspaceId: context.workspace.id }, 'tool call failed');
            const message = `the sandbox could not run "${name}": ${(error as Error).message}`;
            return finish('error', errorResult(message), message);
        }
    });
    return server;
}

function textOf(result: CallToolResult): string {
    return result.content.map(part => part.type === 'text' ? part.text : '').join(' ');
}
