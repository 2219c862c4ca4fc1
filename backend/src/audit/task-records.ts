import { z } from 'zod';
import { JsonLinesLog } from './json-lines-log.js';

/** What a sandbox reports when one of its AI tasks ends; the gateway adds who and where. */
export const taskReportSchema = z.object({
    taskId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    text: z.string().max(100_000).transform(text => text.length > 2000 ? `${text.slice(0, 2000)}…` : text),
    model: z.string().max(100),
    turns: z.number().int().nonnegative(),
    inputTokens: z.number().int().nonnegative(),
    outputTokens: z.number().int().nonnegative(),
    costUsd: z.number().nonnegative(),
    gates: z.enum(['pass', 'fail', 'not-run']),
    durationMs: z.number().nonnegative(),
    outcome: z.string().max(40)
});

export type TaskRecord = z.infer<typeof taskReportSchema> & {
    at: string;
    userId: string;
    username: string;
    workspaceId: string;
    /** What the gateway's model proxy counted for this task: the figure budgets are held to. */
    metered: { requests: number; costUsd: number };
};

/** One line per finished AI task (`tasks.jsonl`). */
export class TaskRecords extends JsonLinesLog<TaskRecord> { }
