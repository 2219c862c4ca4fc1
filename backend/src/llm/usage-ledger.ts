import { JsonLinesLog } from '../audit/json-lines-log.js';
import { TokenUsage } from './price-table.js';

export interface LlmRequestRecord extends TokenUsage {
    at: string;
    userId: string;
    username: string;
    workspaceId: string;
    taskId?: string;
    model: string;
    costUsd: number;
    durationMs: number;
    status: number;
}

export interface UsageTotals extends TokenUsage {
    requests: number;
    costUsd: number;
}

const monthOf = (iso: string): string => iso.slice(0, 7);
const emptyTotals = (): UsageTotals => ({ requests: 0, costUsd: 0, inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 });

function addTo(totals: UsageTotals, record: LlmRequestRecord): void {
    totals.requests++;
    totals.costUsd += record.costUsd;
    totals.inputTokens += record.inputTokens;
    totals.outputTokens += record.outputTokens;
    totals.cacheWriteTokens += record.cacheWriteTokens;
    totals.cacheReadTokens += record.cacheReadTokens;
}

/**
 * Every model request the gateway proxied, appended as JSON lines (`llm-usage.jsonl`), with
 * running totals per user and month and per task, which the budgets are checked against.
 */
export class UsageLedger {
    private readonly byUserMonth = new Map<string, UsageTotals>();
    private readonly byTask = new Map<string, UsageTotals>();
    private readonly usernames = new Map<string, string>();

    private constructor(private readonly log: JsonLinesLog<LlmRequestRecord>) { }

    static async open(path: string): Promise<UsageLedger> {
        const ledger = new UsageLedger(new JsonLinesLog<LlmRequestRecord>(path));
        for (const record of await ledger.log.all()) {
            ledger.count(record);
        }
        return ledger;
    }

    record(record: LlmRequestRecord): Promise<void> {
        this.count(record);
        return this.log.record(record);
    }

    userMonth(userId: string, at = new Date()): UsageTotals {
        return { ...(this.byUserMonth.get(`${userId} ${monthOf(at.toISOString())}`) ?? emptyTotals()) };
    }

    task(userId: string, taskId: string): UsageTotals {
        return { ...(this.byTask.get(`${userId} ${taskId}`) ?? emptyTotals()) };
    }

    /** This month's totals for every user who made a request. */
    allUsersThisMonth(at = new Date()): { userId: string; username: string; totals: UsageTotals }[] {
        const month = monthOf(at.toISOString());
        return [...this.byUserMonth.entries()]
            .filter(([key]) => key.endsWith(` ${month}`))
            .map(([key, totals]) => {
                const userId = key.split(' ')[0];
                return { userId, username: this.usernames.get(userId) ?? userId, totals: { ...totals } };
            })
            .sort((a, b) => b.totals.costUsd - a.totals.costUsd);
    }

    private count(record: LlmRequestRecord): void {
        this.usernames.set(record.userId, record.username);
        const userKey = `${record.userId} ${monthOf(record.at)}`;
        const user = this.byUserMonth.get(userKey) ?? emptyTotals();
        addTo(user, record);
        this.byUserMonth.set(userKey, user);
        if (record.taskId) {
            const taskKey = `${record.userId} ${record.taskId}`;
            const task = this.byTask.get(taskKey) ?? emptyTotals();
            addTo(task, record);
            this.byTask.set(taskKey, task);
        }
    }
}
