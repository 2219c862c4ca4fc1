import type { IncomingMessage, ServerResponse } from 'node:http';
import {
    MODEL_PATHS, MODEL_REQUEST_LIMIT_BYTES, MODEL_STATUS_PATH, ModelProxyStatus, RequestBodyTooLargeError, TASK_BUDGET_HEADER, TASK_ID_HEADER, taskIdSchema
} from '@ide/sandbox-contract';
import { sendJson } from '../http/send-json.js';
import { BoundedQueue } from '../limits/bounded-queue.js';
import { BudgetExhausted, MemoryBudget, readBodyWithin } from '../limits/memory-budget.js';
import { Logger } from '../log.js';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { UserRecord } from '../store/records.js';
import { PriceTable, TokenUsage } from './price-table.js';
import { UsageLedger } from './usage-ledger.js';
import { UsageMeter } from './usage-meter.js';

const FORWARDED_PATHS = new Set<string>(MODEL_PATHS);
const FORWARDED_REQUEST_HEADERS = ['content-type', 'anthropic-version', 'anthropic-beta', 'accept'];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'request-id', 'anthropic-ratelimit-requests-remaining', 'retry-after'];

export interface LlmProxyOptions {
    /** The organisation's Anthropic key: added here, never sent into a sandbox, never logged. */
    apiKey?: string;
    upstreamUrl: string;
    prices: PriceTable;
    ledger: UsageLedger;
    metrics: GatewayMetrics;
    userMonthlyBudgetUsd: number;
    maxTaskBudgetUsd: number;
    log: Logger;
    /** Model request bodies held in memory at once, over all sandboxes. */
    bodyMemory: MemoryBudget;
}

/** Model requests one sandbox may have in flight; a few more wait, the rest are refused (429). */
const REQUESTS_PER_SANDBOX = 4;
const WAITING_PER_SANDBOX = 8;

export interface LlmCaller {
    user: UserRecord;
    workspaceId: string;
}

class LlmRefusal extends Error {
    constructor(readonly status: number, readonly type: string, message: string) {
        super(message);
    }
}

/**
 * An Anthropic-compatible endpoint for code in the sandboxes (the AI task agent): it checks the
 * model and the budgets of the user and the task, adds the key, streams the answer back
 * untouched and records tokens and cost per request, user and task.
 */
export class LlmProxy {
    private readonly queues = new Map<string, BoundedQueue>();

    constructor(private readonly options: LlmProxyOptions) { }

    get configured(): boolean {
        return Boolean(this.options.apiKey);
    }

    async handle(req: IncomingMessage, res: ServerResponse, caller: LlmCaller): Promise<void> {
        const path = (req.url ?? '').split('?')[0];
        try {
            if (req.method === 'GET' && path === MODEL_STATUS_PATH) {
                sendJson(res, 200, this.status(caller));
                return;
            }
            if (req.method !== 'POST' || !FORWARDED_PATHS.has(path)) {
                throw new LlmRefusal(404, 'not_found_error', `${req.method} ${path} is not offered by the gateway's model proxy`);
            }
            await this.queueOf(caller.workspaceId).run(() => this.forward(req, res, path, caller));
        } catch (error) {
            if (error instanceof LlmRefusal) {
                sendError(res, error.status, error.type, error.message);
            } else {
                this.options.log.error({ err: error, workspaceId: caller.workspaceId }, 'model proxy failed');
                sendError(res, 502, 'api_error', 'the gateway could not reach the model provider');
            }
        }
    }

    private status(caller: LlmCaller): ModelProxyStatus {
        const spent = this.options.ledger.userMonth(caller.user.id);
        return {
            user: caller.user.username,
            configured: this.configured,
            howToConfigure: this.configured ? undefined : 'An admin sets IDE_ANTHROPIC_API_KEY in the gateway\'s environment and restarts it.',
            models: this.options.prices.models,
            pricesUsdPerMillionTokens: this.options.prices.toJSON(),
            userMonthlyBudgetUsd: this.options.userMonthlyBudgetUsd,
            userSpentThisMonthUsd: spent.costUsd,
            maxTaskBudgetUsd: this.options.maxTaskBudgetUsd
        };
    }

    private async forward(req: IncomingMessage, res: ServerResponse, path: string, caller: LlmCaller): Promise<void> {
        const apiKey = this.options.apiKey;
        if (!apiKey) {
            throw new LlmRefusal(503, 'not_configured', 'No Anthropic API key is configured on the gateway: an admin sets IDE_ANTHROPIC_API_KEY in its environment.');
        }
        const { body, release } = await this.readBody(req);
        try {
            await this.forwardBody(req, res, { path, caller, apiKey, body, release });
        } finally {
            release();
        }
    }

    private queueOf(workspaceId: string): BoundedQueue {
        let queue = this.queues.get(workspaceId);
        if (!queue) {
            queue = new BoundedQueue({
                concurrency: REQUESTS_PER_SANDBOX,
                maxWaiting: WAITING_PER_SANDBOX,
                whenFull: () => new LlmRefusal(429, 'rate_limit_error', `at most ${REQUESTS_PER_SANDBOX} model requests of one sandbox run at once`)
            });
            this.queues.set(workspaceId, queue);
        }
        return queue;
    }

    private async readBody(req: IncomingMessage): Promise<{ body: Buffer; release(): void }> {
        try {
            return await readBodyWithin(req, MODEL_REQUEST_LIMIT_BYTES, this.options.bodyMemory);
        } catch (error) {
            if (error instanceof RequestBodyTooLargeError) {
                throw new LlmRefusal(413, 'request_too_large', `request body is larger than the limit of ${MODEL_REQUEST_LIMIT_BYTES / 1024 / 1024} MiB`);
            }
            if (error instanceof BudgetExhausted) {
                throw new LlmRefusal(503, 'overloaded_error', error.message);
            }
            throw error;
        }
    }

    private async forwardBody(req: IncomingMessage, res: ServerResponse, request: { path: string; caller: LlmCaller; apiKey: string; body: Buffer; release(): void }): Promise<void> {
        const { path, caller, apiKey, body, release } = request;
        const { model, stream } = parseRequest(body);
        if (!this.options.prices.has(model)) {
            throw new LlmRefusal(400, 'invalid_request_error', `model "${model}" is not offered here; choose one of: ${this.options.prices.models.join(', ')}`);
        }
        const taskId = headerValue(req, TASK_ID_HEADER);
        this.checkBudgets(req, caller, taskId);

        const began = Date.now();
        const abort = new AbortController();
        res.on('close', () => { if (!res.writableFinished) { abort.abort(); } });
        const headers: Record<string, string> = { 'x-api-key': apiKey };
        for (const name of FORWARDED_REQUEST_HEADERS) {
            const value = headerValue(req, name);
            if (value) {
                headers[name] = value;
            }
        }
        const upstream = await fetch(`${this.options.upstreamUrl.replace(/\/$/, '')}${path}`, { method: 'POST', headers, body, signal: abort.signal });
        release();
        res.statusCode = upstream.status;
        for (const name of FORWARDED_RESPONSE_HEADERS) {
            const value = upstream.headers.get(name);
            if (value) {
                res.setHeader(name, value);
            }
        }
        const meter = new UsageMeter(Boolean(stream) && (upstream.headers.get('content-type') ?? '').includes('text/event-stream'));
        try {
            if (upstream.body) {
                for await (const chunk of upstream.body) {
                    const buffer = Buffer.from(chunk);
                    meter.write(buffer);
                    res.write(buffer);
                }
            }
            res.end();
        } catch (error) {
            if (!abort.signal.aborted) {
                throw error;
            }
        } finally {
            if (path === '/v1/messages') {
                const usage = meter.result();
                const costUsd = this.options.prices.costUsd(model, usage);
                this.count(model, usage, costUsd);
                await this.options.ledger.record({
                    at: new Date(began).toISOString(),
                    userId: caller.user.id,
                    username: caller.user.username,
                    workspaceId: caller.workspaceId,
                    taskId,
                    model,
                    ...usage,
                    costUsd,
                    durationMs: Date.now() - began,
                    status: upstream.status
                });
            }
        }
    }

    private count(model: string, usage: TokenUsage, costUsd: number): void {
        const { llmTokens, llmCostUsd } = this.options.metrics;
        llmTokens.inc({ model, kind: 'input' }, usage.inputTokens);
        llmTokens.inc({ model, kind: 'output' }, usage.outputTokens);
        llmTokens.inc({ model, kind: 'cache_write' }, usage.cacheWriteTokens);
        llmTokens.inc({ model, kind: 'cache_read' }, usage.cacheReadTokens);
        llmCostUsd.inc({ model }, costUsd);
    }

    private checkBudgets(req: IncomingMessage, caller: LlmCaller, taskId: string | undefined): void {
        const { ledger, userMonthlyBudgetUsd, maxTaskBudgetUsd } = this.options;
        const month = ledger.userMonth(caller.user.id);
        if (month.costUsd >= userMonthlyBudgetUsd) {
            throw new LlmRefusal(402, 'budget_exceeded', `your monthly model budget of $${userMonthlyBudgetUsd.toFixed(2)} is used up ($${month.costUsd.toFixed(4)} spent); an admin can raise IDE_LLM_USER_MONTHLY_BUDGET_USD`);
        }
        if (!taskId) {
            return;
        }
        if (!taskIdSchema.safeParse(taskId).success) {
            throw new LlmRefusal(400, 'invalid_request_error', `${TASK_ID_HEADER} must be 1 to 64 letters, digits, _ or -`);
        }
        const requested = headerValue(req, TASK_BUDGET_HEADER);
        const budget = requested === undefined ? maxTaskBudgetUsd : Number(requested);
        if (!Number.isFinite(budget) || budget <= 0) {
            throw new LlmRefusal(400, 'invalid_request_error', `${TASK_BUDGET_HEADER} must be a positive number of US dollars`);
        }
        const taskBudget = Math.min(budget, maxTaskBudgetUsd);
        const task = ledger.task(caller.user.id, taskId);
        if (task.costUsd >= taskBudget) {
            throw new LlmRefusal(402, 'budget_exceeded', `task ${taskId} has used its budget of $${taskBudget.toFixed(2)} ($${task.costUsd.toFixed(4)} spent)`);
        }
    }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
}

function parseRequest(body: Buffer): { model: string; stream?: boolean } {
    let parsed: unknown;
    try {
        parsed = JSON.parse(body.toString('utf8'));
    } catch {
        throw new LlmRefusal(400, 'invalid_request_error', 'the request body is not valid JSON');
    }
    const model = (parsed as { model?: unknown } | null)?.model;
    if (typeof model !== 'string' || !model) {
        throw new LlmRefusal(400, 'invalid_request_error', 'model: a model name is required');
    }
    return { model, stream: (parsed as { stream?: unknown }).stream === true };
}

/** In the Messages API's error shape; `x-should-retry: false` stops the SDK from retrying what cannot succeed. */
function sendError(res: ServerResponse, status: number, type: string, message: string): void {
    if (res.headersSent) {
        res.destroy();
        return;
    }
    res.setHeader('x-should-retry', 'false');
    sendJson(res, status, { type: 'error', error: { type, message } });
}
