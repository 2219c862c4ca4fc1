import { TokenUsage } from './price-table.js';

interface ApiUsage {
    input_tokens?: number | null;
    output_tokens?: number | null;
    cache_creation_input_tokens?: number | null;
    cache_read_input_tokens?: number | null;
}

/**
 * Reads token usage from a Messages API response as it streams through: a JSON body's `usage`,
 * or for server-sent events `message_start` (input and cache counts) and `message_delta`
 * (the running output count, which replaces earlier ones).
 */
export class UsageMeter {
    private readonly usage: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 };
    private pending = '';
    private json = '';

    constructor(private readonly streaming: boolean) { }

    write(chunk: Buffer): void {
        if (!this.streaming) {
            this.json += chunk.toString('utf8');
            return;
        }
        this.pending += chunk.toString('utf8');
        let end: number;
        while ((end = this.pending.indexOf('\n\n')) >= 0) {
            this.readEvent(this.pending.slice(0, end));
            this.pending = this.pending.slice(end + 2);
        }
    }

    result(): TokenUsage {
        if (!this.streaming && this.json) {
            try {
                this.add((JSON.parse(this.json) as { usage?: ApiUsage }).usage);
            } catch {
                // an error body or a cut connection: nothing was billed that we can read
            }
            this.json = '';
        }
        return { ...this.usage };
    }

    private readEvent(event: string): void {
        const data = event.split('\n').filter(line => line.startsWith('data:')).map(line => line.slice(5).trimStart()).join('\n');
        if (!data) {
            return;
        }
        try {
            const parsed = JSON.parse(data) as { type?: string; message?: { usage?: ApiUsage }; usage?: ApiUsage };
            if (parsed.type === 'message_start') {
                this.add(parsed.message?.usage);
            } else if (parsed.type === 'message_delta') {
                this.add(parsed.usage);
            }
        } catch {
            // not JSON: not a usage event
        }
    }

    private add(usage: ApiUsage | undefined): void {
        if (!usage) {
            return;
        }
        this.usage.inputTokens = usage.input_tokens ?? this.usage.inputTokens;
        this.usage.outputTokens = usage.output_tokens ?? this.usage.outputTokens;
        this.usage.cacheWriteTokens = usage.cache_creation_input_tokens ?? this.usage.cacheWriteTokens;
        this.usage.cacheReadTokens = usage.cache_read_input_tokens ?? this.usage.cacheReadTokens;
    }
}
