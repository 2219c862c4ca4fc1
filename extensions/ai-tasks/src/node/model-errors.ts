import Anthropic from '@anthropic-ai/sdk';
import { causeOf } from './model-gateway';

/** A model request's failure as the task's failure reason: the gateway's refusals in its own words. */
export function describeModelError(error: unknown): string {
    if (error instanceof Anthropic.APIConnectionError) {
        return `cannot reach the gateway's model proxy: ${causeOf(error.cause ?? error)}`;
    }
    if (error instanceof Anthropic.APIError && error.status !== undefined) {
        const message = error.apiMessage ?? error.message;
        const type = error.type ?? (error.error as { error?: { type?: string } } | undefined)?.error?.type;
        if (error.status === 402 || type === 'budget_exceeded') {
            return `budget exceeded (the gateway refused the request): ${message}`;
        }
        if (error.status === 503 && type === 'not_configured') {
            return `no model API key is configured on the gateway: ${message}`;
        }
        if (error.status === 400 && /model/i.test(message)) {
            return `the gateway refused the model: ${message}`;
        }
        return `the model request failed (${error.status}${type ? ` ${type}` : ''}): ${message}`;
    }
    return `the model request failed: ${causeOf(error)}`;
}
