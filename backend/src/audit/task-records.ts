import { TaskReport } from '@ide/sandbox-contract';
import { JsonLinesLog } from './json-lines-log.js';

export type TaskRecord = TaskReport & {
    at: string;
    userId: string;
    username: string;
    workspaceId: string;
    /** What the gateway's model proxy counted for this task: the figure budgets are held to. */
    metered: { requests: number; costUsd: number };
};

/** One line per finished AI task (`tasks.jsonl`). */
export class TaskRecords extends JsonLinesLog<TaskRecord> { }
