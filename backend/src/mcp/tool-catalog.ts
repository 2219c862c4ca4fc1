import { publishedTool, SANDBOX_TOOLS, ToolDefinition } from '@ide/sandbox-mcp/lib/common/tool-definitions.js';
import { QUALITY_GATE_TOOLS } from '@ide/quality-gates/lib/common/quality-gate-tool-definitions.js';
import { MEMORY_TOOLS } from '@ide/memory/lib/common/memory-tool-definitions.js';
import { AI_TASK_TOOLS } from '@ide/ai-tasks/lib/common/ai-task-tool-definitions.js';

/** Every tool a sandbox executes, as agents see them in tools/list (JSON Schema derived from each definition's zod schema). */
export const AGENT_TOOLS: readonly ToolDefinition[] = [...SANDBOX_TOOLS, ...QUALITY_GATE_TOOLS, ...MEMORY_TOOLS, ...AI_TASK_TOOLS].map(publishedTool);
