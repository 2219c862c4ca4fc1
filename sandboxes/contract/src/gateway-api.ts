import { z } from 'zod';
import { TASK_ID_PATTERN } from './task-id';

/*
 * What code in a sandbox may ask the gateway on its gateway.sock (sockets.ts). Requests act for the
 * workspace's owner; every body is bounded and checked here before the gateway acts on it.
 */

/** Which workspace the sandbox serves: not baked into the container, so a warm-pool sandbox can be anyone's. */
export const WORKSPACE_INFO_PATH = '/v1/ide/workspace';
/** The model proxy's status: configured, models, prices, budgets. */
export const MODEL_STATUS_PATH = '/v1/ide/status';
/** A finished AI task, for the gateway's audit. */
export const TASK_RECORDS_PATH = '/v1/ide/task-records';
/** The Anthropic Messages API, proxied with the organisation's key. */
export const MODEL_PATHS = ['/v1/messages', '/v1/messages/count_tokens'] as const;

/**
 * git's credential helper in a sandbox whose profile has network: the owner's stored token for the
 * host the workspace was cloned from (no other host's), as git's `username`/`password`.
 */
export const GIT_CREDENTIAL_PATH = '/v1/git/credential';
export const GIT_CREDENTIAL_REQUEST_LIMIT_BYTES = 4096;
export const gitCredentialRequestSchema = z.object({
    protocol: z.enum(['https', 'http']),
    host: z.string().min(1).max(260)
});
export const gitCredentialSchema = z.object({ username: z.string().max(100), password: z.string().max(1024) });
export type GitCredential = z.infer<typeof gitCredentialSchema>;

/** The AI task a model request is charged to, and the budget it asked for. */
export const TASK_ID_HEADER = 'x-ide-task-id';
export const TASK_BUDGET_HEADER = 'x-ide-task-budget-usd';

export const TASK_REPORT_LIMIT_BYTES = 256 * 1024;
/** Model requests carry whole conversations, images included. */
export const MODEL_REQUEST_LIMIT_BYTES = 32 * 1024 * 1024;

export const taskIdSchema = z.string().regex(TASK_ID_PATTERN, 'letters, digits, _ or -, at most 64');

export const workspaceInfoSchema = z.object({
    id: z.string(),
    name: z.string(),
    profile: z.string(),
    /** The owner's username. */
    owner: z.string(),
    /** Ports the repository's devcontainer.json forwards: offered in the IDE once something listens. */
    forwardPorts: z.array(z.number().int()).max(100).optional()
});
export type WorkspaceInfo = z.infer<typeof workspaceInfoSchema>;

export const taskGatesOutcomeSchema = z.enum(['pass', 'fail', 'not-run']);

/** What a sandbox reports when one of its AI tasks ends; the gateway adds who and where. */
export const taskReportSchema = z.object({
    taskId: taskIdSchema,
    text: z.string().max(100_000),
    model: z.string().max(100),
    turns: z.number().int().nonnegative(),
    inputTokens: z.number().int().nonnegative(),
    outputTokens: z.number().int().nonnegative(),
    costUsd: z.number().nonnegative(),
    gates: taskGatesOutcomeSchema,
    durationMs: z.number().nonnegative(),
    outcome: z.string().max(40)
});
export type TaskReport = z.infer<typeof taskReportSchema>;

export const modelPriceSchema = z.object({
    input: z.number(),
    output: z.number(),
    cacheWrite: z.number().optional(),
    cacheRead: z.number().optional()
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;

/** The answer to MODEL_STATUS_PATH: whether the gateway holds a model key, what it offers and what the owner may spend. */
export const modelProxyStatusSchema = z.object({
    /** The workspace owner the gateway charges, who tasks are recorded for. */
    user: z.string(),
    configured: z.boolean(),
    howToConfigure: z.string().optional(),
    models: z.array(z.string()),
    pricesUsdPerMillionTokens: z.record(z.string(), modelPriceSchema),
    userMonthlyBudgetUsd: z.number(),
    userSpentThisMonthUsd: z.number(),
    maxTaskBudgetUsd: z.number()
});
export type ModelProxyStatus = z.infer<typeof modelProxyStatusSchema>;
