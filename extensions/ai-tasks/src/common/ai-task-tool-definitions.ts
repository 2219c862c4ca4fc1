/*
 * The AI task tools as plain data: the gateway lists them in MCP `tools/list` and requires this
 * file directly, so it imports only types. The node-side zod schemas (node/ai-task-tool-schemas)
 * are held equal to these by a unit test.
 */
import type { ToolDefinition } from '@ide/sandbox-mcp/lib/common/tool-definitions';

const taskId = {
    type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$',
    description: 'The task id that create_task returned.'
};

const relativePaths = (description: string) => ({
    type: 'array', minItems: 1, items: { type: 'string', minLength: 1 }, description
});

export const AI_TASK_TOOLS: ToolDefinition[] = [
    {
        name: 'create_task',
        title: 'Create AI task',
        description: 'Hand a coding task to the IDE\'s own agent. It works in a scratch copy of the workspace (the workspace ' +
            'itself is not changed) through the gateway\'s model proxy, which charges the model use to the workspace owner ' +
            'within their budgets. Returns the task id at once; follow it with get_task, then apply_task or cancel_task.',
        inputSchema: {
            type: 'object',
            properties: {
                task: { type: 'string', minLength: 1, maxLength: 100000, description: 'What the agent should do, in plain words.' },
                model: { type: 'string', minLength: 1, description: 'A model the gateway offers (default: its first).' },
                budgetUsd: {
                    type: 'number', exclusiveMinimum: 0,
                    description: 'Most US dollars the task may spend on the model (default and cap: the gateway\'s per-task maximum).'
                },
                maxTurns: { type: 'integer', minimum: 1, maximum: 200, description: 'Most model responses per agent round (default 40).' }
            },
            required: ['task'],
            additionalProperties: false
        },
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false }
    },
    {
        name: 'get_task',
        title: 'Get AI task',
        description: 'Status of an AI task (queued, running, awaiting review, applied, rejected, failed, cancelled), why it ' +
            'ended, tokens and cost so far, its latest steps (thoughts, tool calls and results), the quality gate results, ' +
            'and its change set: per file added/modified/deleted, stale (changed in the workspace since the task started) ' +
            'and a unified diff. Without taskId lists the tasks.',
        inputSchema: {
            type: 'object',
            properties: {
                taskId: { ...taskId, description: 'The task id that create_task returned; omit it to list all tasks.' },
                includeDiff: { type: 'boolean', description: 'Include each file\'s unified diff (default true).' },
                steps: { type: 'integer', minimum: 0, maximum: 1000, description: 'How many of the latest steps to include (default 20).' }
            },
            required: [],
            additionalProperties: false
        },
        annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false }
    },
    {
        name: 'apply_task',
        title: 'Apply AI task',
        description: 'Apply the change set of a task that awaits review: the project\'s quality gates run on the proposed ' +
            'result first and block the apply when they fail (the failures are returned). Then the chosen files are ' +
            'written into the workspace, each atomically; nothing under .git is ever touched. Files changed in the ' +
            'workspace since the task started (stale) are refused unless listed in overrideStale.',
        inputSchema: {
            type: 'object',
            properties: {
                taskId,
                files: relativePaths('Apply only these files (paths as get_task lists them); default: every file not rejected in the IDE.'),
                overrideStale: relativePaths('Stale files to overwrite anyway with the agent\'s version, discarding the later change in the workspace.')
            },
            required: ['taskId'],
            additionalProperties: false
        },
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false }
    },
    {
        name: 'cancel_task',
        title: 'Cancel AI task',
        description: 'Stop a queued or running task: the model stream is aborted and the commands it started are killed. ' +
            'A task awaiting review is discarded. Its scratch copy and unapplied changes are dropped; the workspace is ' +
            'not changed. Cancelling an ended task changes nothing.',
        inputSchema: {
            type: 'object',
            properties: { taskId },
            required: ['taskId'],
            additionalProperties: false
        },
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false }
    }
];
