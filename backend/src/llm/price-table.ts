import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const dollarsPerMillion = z.number().nonnegative().max(10_000);

const priceFileSchema = z.object({
    models: z.record(z.string(), z.object({
        input: dollarsPerMillion,
        output: dollarsPerMillion,
        cacheWrite: dollarsPerMillion.optional(),
        cacheRead: dollarsPerMillion.optional()
    }).strict())
}).strict().superRefine((file, ctx) => {
    for (const model of Object.keys(file.models).filter(name => !/^[a-zA-Z0-9][a-zA-Z0-9._:-]{0,99}$/.test(name))) {
        ctx.addIssue({ code: 'custom', path: ['models', model], message: 'model names are letters, digits and . _ : -' });
    }
});

export interface ModelPrice {
    input: number;
    output: number;
    cacheWrite: number;
    cacheRead: number;
}

/** Token counts as the Messages API reports them in `usage`. */
export interface TokenUsage {
    inputTokens: number;
    outputTokens: number;
    cacheWriteTokens: number;
    cacheReadTokens: number;
}

export class PriceTableError extends Error { }

/** Prices per model (US dollars per million tokens); a model missing here may not be used. */
export class PriceTable {
    constructor(private readonly prices: ReadonlyMap<string, ModelPrice>) { }

    static parse(document: unknown, source = 'price table'): PriceTable {
        const result = priceFileSchema.safeParse(document);
        if (!result.success) {
            const problems = result.error.issues.map(issue => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
            throw new PriceTableError(`${source} is invalid:\n${problems.join('\n')}`);
        }
        return new PriceTable(new Map(Object.entries(result.data.models).map(([model, price]) => [model, {
            input: price.input,
            output: price.output,
            cacheWrite: price.cacheWrite ?? price.input * 1.25,
            cacheRead: price.cacheRead ?? price.input * 0.1
        }])));
    }

    static async load(path: string): Promise<PriceTable> {
        return PriceTable.parse(parseYaml(await readFile(path, 'utf8')), path);
    }

    get models(): string[] {
        return [...this.prices.keys()];
    }

    /** Dollars per million tokens of each model, for clients that show a running cost. */
    toJSON(): Record<string, ModelPrice> {
        return Object.fromEntries(this.prices);
    }

    has(model: string): boolean {
        return this.prices.has(model);
    }

    costUsd(model: string, usage: TokenUsage): number {
        const price = this.prices.get(model);
        if (!price) {
            return 0;
        }
        return (usage.inputTokens * price.input + usage.outputTokens * price.output +
            usage.cacheWriteTokens * price.cacheWrite + usage.cacheReadTokens * price.cacheRead) / 1_000_000;
    }
}
