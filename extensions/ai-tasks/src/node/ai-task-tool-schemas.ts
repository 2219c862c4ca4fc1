import { z } from 'zod';

/*
 * Argument validation of the AI task MCP tools. The JSON schemas agents see are in
 * common/ai-task-tool-definitions; ai-task-tools.test holds both equal.
 */

const taskId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const relativePaths = z.array(z.string().min(1)).min(1);

export const createTaskArguments = z.strictObject({
    task: z.string().min(1).max(100000),
    model: z.string().min(1).optional(),
    budgetUsd: z.number().positive().optional(),
    maxTurns: z.int().min(1).max(200).optional()
});

export const getTaskArguments = z.strictObject({
    taskId: taskId.optional(),
    includeDiff: z.boolean().optional(),
    steps: z.int().min(0).max(1000).optional()
});

export const applyTaskArguments = z.strictObject({
    taskId,
    files: relativePaths.optional(),
    overrideStale: relativePaths.optional()
});

export const cancelTaskArguments = z.strictObject({
    taskId
});

export type CreateTaskArguments = z.infer<typeof createTaskArguments>;
export type GetTaskArguments = z.infer<typeof getTaskArguments>;
export type ApplyTaskArguments = z.infer<typeof applyTaskArguments>;
export type CancelTaskArguments = z.infer<typeof cancelTaskArguments>;
