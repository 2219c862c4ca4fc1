import { ModelPrice, TaskUsage } from '../common/ai-task-types';

export interface TokenCounts {
    inputTokens: number;
    outputTokens: number;
    cacheWriteTokens: number;
    cacheReadTokens: number;
}

/** US dollars for the tokens at a price per million; cache prices default to 1.25x and 0.1x the input price, as the gateway counts them. */
export function costUsd(price: ModelPrice | undefined, tokens: TokenCounts): number {
    if (!price) {
        return 0;
    }
    const cacheWrite = price.cacheWrite ?? price.input * 1.25;
    const cacheRead = price.cacheRead ?? price.input * 0.1;
    return (tokens.inputTokens * price.input + tokens.outputTokens * price.output +
        tokens.cacheWriteTokens * cacheWrite + tokens.cacheReadTokens * cacheRead) / 1_000_000;
}

export function emptyUsage(): TaskUsage {
    return { turns: 0, inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, costUsd: 0 };
}

/** The SDK's `usage` object (message_start and final message) as token counts. */
export function tokensOf(usage: {
    input_tokens?: number | null; output_tokens?: number | null;
    cache_creation_input_tokens?: number | null; cache_read_input_tokens?: number | null;
} | undefined): TokenCounts {
    return {
        inputTokens: usage?.input_tokens ?? 0,
        outputTokens: usage?.output_tokens ?? 0,
        cacheWriteTokens: usage?.cache_creation_input_tokens ?? 0,
        cacheReadTokens: usage?.cache_read_input_tokens ?? 0
    };
}

export function formatUsd(value: number): string {
    return `$${value < 0.01 && value > 0 ? value.toFixed(4) : value.toFixed(2)}`;
}
