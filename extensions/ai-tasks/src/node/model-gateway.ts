import Anthropic from '@anthropic-ai/sdk';
import { Agent, Dispatcher, fetch as undiciFetch } from 'undici';
import {
    DEFAULT_GATEWAY_SOCKET_PATH, GATEWAY_SOCKET_ENV, MODEL_STATUS_PATH, modelProxyStatusSchema, TASK_BUDGET_HEADER, TASK_ID_HEADER, TASK_RECORDS_PATH, TaskReport
} from '@ide/sandbox-contract';
import { ModelStatus } from '../common/ai-task-types';

/** The sandbox holds no model key: the gateway adds it. The SDK insists on some value. */
export const NO_KEY = 'sandbox-has-no-key';

/**
 * Where the model proxy is: the gateway's unix socket (in a sandbox), or a base URL (tests point
 * the SDK straight at a fake Messages API).
 */
export type ModelEndpoint = { socketPath: string } | { baseURL: string };

export function modelEndpointFromEnv(env: NodeJS.ProcessEnv = process.env): ModelEndpoint {
    return { socketPath: env[GATEWAY_SOCKET_ENV] || DEFAULT_GATEWAY_SOCKET_PATH };
}

export function describeEndpoint(endpoint: ModelEndpoint): string {
    return 'socketPath' in endpoint ? `the gateway socket ${endpoint.socketPath}` : endpoint.baseURL;
}

type UndiciInit = NonNullable<Parameters<typeof undiciFetch>[1]>;

/** The gateway's model proxy, its status and its task records, all over one endpoint. */
export class ModelGateway {
    readonly baseURL: string;
    private readonly dispatcher: Dispatcher | undefined;

    constructor(readonly endpoint: ModelEndpoint) {
        if ('socketPath' in endpoint) {
            this.baseURL = 'http://gateway';
            this.dispatcher = new Agent({ connect: { socketPath: endpoint.socketPath } });
        } else {
            this.baseURL = endpoint.baseURL.replace(/\/$/, '');
        }
    }

    /** undici's fetch: Node's global fetch does not take undici 7's Agent as dispatcher. */
    readonly fetch = (url: string | URL, init?: UndiciInit) =>
        undiciFetch(url, this.dispatcher ? { ...init, dispatcher: this.dispatcher } : init);

    /** An SDK client whose requests are charged to the task (and held to its budget by the gateway). */
    client(taskId: string, budgetUsd: number): Anthropic {
        return new Anthropic({
            apiKey: NO_KEY,
            baseURL: this.baseURL,
            fetch: this.fetch as unknown as typeof globalThis.fetch,
            maxRetries: 2,
            defaultHeaders: {
                [TASK_ID_HEADER]: taskId,
                [TASK_BUDGET_HEADER]: String(budgetUsd)
            }
        });
    }

    async status(): Promise<ModelStatus> {
        try {
            const response = await this.fetch(`${this.baseURL}${MODEL_STATUS_PATH}`, { signal: AbortSignal.timeout(10_000) });
            if (!response.ok) {
                return unreachable(`the gateway answered ${response.status} to ${MODEL_STATUS_PATH}: ${(await response.text()).slice(0, 300)}`);
            }
            const body = modelProxyStatusSchema.safeParse(await response.json());
            if (!body.success) {
                return unreachable(`the gateway's answer to ${MODEL_STATUS_PATH} is not a model status: ${body.error.issues[0]?.message}`);
            }
            return { reachable: true, ...body.data };
        } catch (error) {
            return unreachable(`cannot reach the gateway's model proxy at ${describeEndpoint(this.endpoint)}: ${causeOf(error)}`);
        }
    }

    /** Reports an ended task to the gateway's audit; failures are the caller's to log. */
    async recordTask(report: TaskReport): Promise<void> {
        const response = await this.fetch(`${this.baseURL}${TASK_RECORDS_PATH}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(report),
            signal: AbortSignal.timeout(10_000)
        });
        if (!response.ok) {
            throw new Error(`the gateway answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
        }
        await response.body?.cancel();
    }

    async close(): Promise<void> {
        await this.dispatcher?.close();
    }
}

function unreachable(error: string): ModelStatus {
    return { reachable: false, error, configured: false, models: [], pricesUsdPerMillionTokens: {} };
}

export function causeOf(error: unknown): string {
    if (!(error instanceof Error)) {
        return String(error);
    }
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
