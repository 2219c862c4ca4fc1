/*
 * The AI task MCP tools, each defined once (see sandbox-mcp's SandboxToolDefinition): the gateway
 * lists them in MCP `tools/list` and requires this file directly, so it imports only zod and the contract.
 */
import { z } from 'zod';
import type { SandboxToolDefinition } from '@ide/sandbox-mcp/lib/common/sandbox-tool-definition';
import { TASK_ID_PATTERN } from '@ide/sandbox-contract/lib/task-id';

const taskId = z.string().regex(TASK_ID_PATTERN);
const taskIdArgument = taskId.describe('The task id that create_task returned.');

const relativePaths = (description: string) => z.array(z.string().min(1)).min(1).optional().describe(description);

export const createTask = {
    name: 'create_task',
    title: 'Create AI task',
    description: 'Hand a coding task to the IDE\'s own agent. It works in a scratch copy of the workspace (the workspace ' +
        'itself is not changed) through the gateway\'s model proxy, which charges the model use to the workspace owner ' +
        'within their budgets. Returns the task id at once; follow it with get_task, then apply_task or cancel_task.',
    inputSchema: z.strictObject({
        task: z.string().min(1).max(100000).describe('What the agent should do, in plain words.'),
        model: z.string().min(1).optional().describe('A model the gateway offers (default: its first).'),
        budgetUsd: z.number().positive().optional()
            .describe('Most US dollars the task may spend on the model (default and cap: the gateway\'s per-task maximum).'),
        maxTurns: z.int().min(1).max(200).optional().describe('Most model responses per agent round (default 40).')
    }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false }
} satisfies SandboxToolDefinition;

export const getTask = {
    name: 'get_task',
    title: 'Get AI task',
    description: 'Status of an AI task (queued, running, awaiting review, applied, rejected, failed, cancelled), why it ' +
        'ended, tokens and cost so far, its latest steps (thoughts, tool calls and results), the quality gate results, ' +
        'and its change set: per file added/modified/deleted, stale (changed in the workspace since the task started) ' +
        'and a unified diff. Without taskId lists the tasks.',
    inputSchema: z.strictObject({
        taskId: taskId.optional().describe('The task id that create_task returned; omit it to list all tasks.'),
        includeDiff: z.boolean().optional().describe('Include each file\'s unified diff (default true).'),
        steps: z.int().min(0).max(1000).optional().describe('How many of the latest steps to include (default 20).')
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false }
} satisfies SandboxToolDefinition;

export const applyTask = {
    name: 'apply_task',
    title: 'Apply AI task',
    description: 'Apply the change set of a task that awaits review: the project\'s quality gates run on the proposed ' +
        'result first and block the apply when they fail (the failures are returned). Then the chosen files are ' +
        'written into the workspace, each atomically; nothing under .git is ever touched. Files changed in the ' +
        'workspace since the task started (stale) are refused unless listed in overrideStale.',
    inputSchema: z.strictObject({
        taskId: taskIdArgument,
        files: relativePaths('Apply only these files (paths as get_task lists them); default: every file not rejected in the IDE.'),
        overrideStale: relativePaths('Stale files to overwrite anyway with the agent\'s version, discarding the later change in the workspace.')
    }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false }
} satisfies SandboxToolDefinition;

export const cancelTask = {
    name: 'cancel_task',
    title: 'Cancel AI task',
    description: 'Stop a queued or running task: the model stream is aborted and the commands it started are killed. ' +
        'A task awaiting review is discarded. Its scratch copy and unapplied changes are dropped; the workspace is ' +
        'not changed. Cancelling an ended task changes nothing.',
    inputSchema: z.strictObject({ taskId: taskIdArgument }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false }
} satisfies SandboxToolDefinition;

export const AI_TASK_TOOLS: readonly SandboxToolDefinition[] = [createTask, getTask, applyTask, cancelTask];

export type CreateTaskArguments = z.infer<typeof createTask.inputSchema>;
export type GetTaskArguments = z.infer<typeof getTask.inputSchema>;
export type ApplyTaskArguments = z.infer<typeof applyTask.inputSchema>;
export type CancelTaskArguments = z.infer<typeof cancelTask.inputSchema>;
