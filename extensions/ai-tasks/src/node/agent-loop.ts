import type Anthropic from '@anthropic-ai/sdk';
import { ModelPrice, TaskLimits, TaskStep, TaskUsage } from '../common/ai-task-types';
import { describeModelError } from './model-errors';
import { costUsd, formatUsd, TokenCounts, tokensOf } from './model-pricing';
import { ToolOutcome } from './task-toolbox';

/** Most tokens one model response may produce. */
export const MAX_OUTPUT_TOKENS = 8192;
/** The same tool call with the same arguments this many times in a row means the agent is stuck. */
export const STUCK_REPEATS = 3;
/** Most characters of a tool result shown in a step (the model gets more). */
export const MAX_STEP_TEXT = 4000;

export type MessageParam = Anthropic.MessageParam;

export interface AgentTools {
    readonly definitions: Anthropic.Tool[];
    execute(name: string, input: unknown, signal: AbortSignal, onProgress?: (message: string) => void): Promise<ToolOutcome>;
}

export type NewStep = Omit<TaskStep, 'id' | 'at' | 'round'>;

/** Where the loop reports what the agent does; a streamed step is updated under the id `add` returned. */
export interface StepSink {
    add(step: NewStep): number;
    update(id: number, changes: Partial<NewStep>): void;
}

export interface AgentRunOptions {
    client: Anthropic;
    model: string;
    system: string;
    tools: AgentTools;
    /** The conversation so far; the run appends to it, so a later round (auto-fix) continues it. */
    messages: MessageParam[];
    /** Counted over all rounds; the run adds to it. */
    usage: TaskUsage;
    price?: ModelPrice;
    limits: TaskLimits;
    /** Cancels the run: the model stream is aborted and running tool calls are killed. */
    signal: AbortSignal;
    steps: StepSink;
    /** Usage changed (also while a response streams). */
    onUsage?(usage: TaskUsage): void;
}

export type AgentOutcome =
    | { kind: 'done'; summary: string }
    /** A limit or the stuck-loop check ended it. */
    | { kind: 'stopped'; reason: string }
    | { kind: 'cancelled' }
    | { kind: 'failed'; reason: string };

/**
 * One round of the agent: stream a response, run the tools it asks for in the scratch copy, send
 * the results back, until it answers without tool calls or a limit stops it.
 */
export async function runAgent(options: AgentRunOptions): Promise<AgentOutcome> {
    const { limits, signal } = options;
    const run = new AbortController();
    const cancel = () => run.abort('cancelled');
    signal.addEventListener('abort', cancel, { once: true });
    if (signal.aborted) {
        run.abort('cancelled');
    }
    const wallTime = setTimeout(() => run.abort('wall-time'), limits.wallTimeMs);
    try {
        return await loop(options, run.signal);
    } finally {
        clearTimeout(wallTime);
        signal.removeEventListener('abort', cancel);
    }
}

async function loop(options: AgentRunOptions, signal: AbortSignal): Promise<AgentOutcome> {
    const { tools, messages, usage, price, limits, steps } = options;
    const stuck = new StuckLoopCheck();
    const aborted = (): AgentOutcome => signal.reason === 'wall-time'
        ? { kind: 'stopped', reason: `ran out of wall time (${formatMinutes(limits.wallTimeMs)} per round)` }
        : { kind: 'cancelled' };

    for (let turn = 0; ; turn++) {
        const overLimit = budgetStop(usage, limits) ?? (turn >= limits.maxTurns ? `reached the limit of ${limits.maxTurns} turns` : undefined);
        if (overLimit) {
            return { kind: 'stopped', reason: overLimit };
        }
        if (signal.aborted) {
            return aborted();
        }
        let message: Anthropic.Message;
        try {
            message = await streamTurn(options, signal);
        } catch (error) {
            return signal.aborted ? aborted() : { kind: 'failed', reason: describeModelError(error) };
        }
        addUsage(usage, tokensOf(message.usage), price);
        usage.turns++;
        options.onUsage?.({ ...usage });
        messages.push({ role: 'assistant', content: message.content as Anthropic.ContentBlockParam[] });

        const toolUses = message.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
        if (toolUses.length === 0) {
            if (message.stop_reason === 'max_tokens') {
                messages.push({ role: 'user', content: 'Your answer was cut at the output limit. Continue.' });
                continue;
            }
            if (message.stop_reason === 'refusal') {
                return { kind: 'failed', reason: 'the model declined the task' };
            }
            return { kind: 'done', summary: textOf(message) };
        }

        const results: Anthropic.ToolResultBlockParam[] = [];
        let stop: string | undefined = budgetStop(usage, limits);
        for (const toolUse of toolUses) {
            stop ??= stuck.check(toolUse.name, toolUse.input);
            if (stop || signal.aborted) {
                results.push({ type: 'tool_result', tool_use_id: toolUse.id, is_error: true, content: 'not run: the task stopped' });
                continue;
            }
            const outcome = await runTool(tools, toolUse, signal, steps);
            results.push({ type: 'tool_result', tool_use_id: toolUse.id, is_error: outcome.isError, content: outcome.text || '(no output)' });
        }
        messages.push({ role: 'user', content: results });
        if (signal.aborted) {
            return aborted();
        }
        if (stop) {
            return { kind: 'stopped', reason: stop };
        }
    }
}

/** Streams one response, reporting thoughts and tool calls as they arrive. */
async function streamTurn(options: AgentRunOptions, signal: AbortSignal): Promise<Anthropic.Message> {
    const { client, model, system, tools, messages, usage, price, steps } = options;
    const stream = client.messages.stream({
        model,
        max_tokens: MAX_OUTPUT_TOKENS,
        system,
        tools: tools.definitions,
        messages
    }, { signal });
    const abort = () => stream.abort();
    signal.addEventListener('abort', abort, { once: true });

    const blockSteps = new Map<number, { id: number; kind: 'text' | 'tool'; text: string; name?: string }>();
    let turnTokens: TokenCounts = tokensOf(undefined);
    let lastFlush = 0;
    const flush = (force = false) => {
        const now = Date.now();
        if (!force && now - lastFlush < 100) {
            return;
        }
        lastFlush = now;
        for (const block of blockSteps.values()) {
            if (block.kind === 'text') {
                steps.update(block.id, { text: block.text, streaming: true });
            }
        }
    };
    const liveUsage = () => {
        const live = { ...usage };
        addUsage(live, turnTokens, price);
        options.onUsage?.(live);
    };

    stream.on('streamEvent', event => {
        switch (event.type) {
            case 'message_start':
                turnTokens = tokensOf(event.message.usage);
                liveUsage();
                break;
            case 'content_block_start': {
                const block = event.content_block;
                if (block.type === 'text' || block.type === 'thinking') {
                    blockSteps.set(event.index, { id: steps.add({ kind: 'thought', text: '', streaming: true }), kind: 'text', text: '' });
                } else if (block.type === 'tool_use') {
                    const id = steps.add({ kind: 'tool-call', tool: block.name, text: '', streaming: true });
                    blockSteps.set(event.index, { id, kind: 'tool', text: '', name: block.name });
                }
                break;
            }
            case 'content_block_delta': {
                const block = blockSteps.get(event.index);
                if (block && event.delta.type === 'text_delta') {
                    block.text += event.delta.text;
                } else if (block && event.delta.type === 'thinking_delta') {
                    block.text += event.delta.thinking;
                } else if (block && event.delta.type === 'input_json_delta') {
                    block.text += event.delta.partial_json;
                }
                flush();
                break;
            }
            case 'content_block_stop': {
                const block = blockSteps.get(event.index);
                if (block) {
                    steps.update(block.id, { text: block.kind === 'tool' ? formatInput(block.text) : block.text, streaming: false });
                    blockSteps.delete(event.index);
                }
                break;
            }
            case 'message_delta': {
                const delta = event.usage;
                turnTokens = {
                    inputTokens: delta.input_tokens ?? turnTokens.inputTokens,
                    outputTokens: delta.output_tokens ?? turnTokens.outputTokens,
                    cacheWriteTokens: delta.cache_creation_input_tokens ?? turnTokens.cacheWriteTokens,
                    cacheReadTokens: delta.cache_read_input_tokens ?? turnTokens.cacheReadTokens
                };
                liveUsage();
                break;
            }
        }
    });
    try {
        return await stream.finalMessage();
    } finally {
        signal.removeEventListener('abort', abort);
        for (const block of blockSteps.values()) {
            steps.update(block.id, { text: block.text, streaming: false });
        }
    }
}

async function runTool(tools: AgentTools, toolUse: Anthropic.ToolUseBlock, signal: AbortSignal, steps: StepSink): Promise<ToolOutcome> {
    const resultStep = steps.add({ kind: 'tool-result', tool: toolUse.name, text: 'running…', streaming: true });
    let outcome: ToolOutcome;
    try {
        outcome = await tools.execute(toolUse.name, toolUse.input, signal,
            progress => steps.update(resultStep, { text: progress, streaming: true }));
    } catch (error) {
        outcome = { text: `${toolUse.name} failed: ${error instanceof Error ? error.message : String(error)}`, isError: true };
    }
    steps.update(resultStep, { text: boundForStep(outcome.text), isError: outcome.isError, streaming: false });
    return outcome;
}

/** Stops the run once the task's tokens or cost reached their limits. */
function budgetStop(usage: TaskUsage, limits: TaskLimits): string | undefined {
    if (usage.costUsd >= limits.maxCostUsd) {
        return `budget exceeded: spent ${formatUsd(usage.costUsd)} of the task's ${formatUsd(limits.maxCostUsd)} budget`;
    }
    const tokens = usage.inputTokens + usage.outputTokens + usage.cacheWriteTokens + usage.cacheReadTokens;
    if (tokens >= limits.maxTokens) {
        return `reached the limit of ${limits.maxTokens} tokens (${tokens} used)`;
    }
    return undefined;
}

function addUsage(usage: TaskUsage, tokens: TokenCounts, price: ModelPrice | undefined): void {
    usage.inputTokens += tokens.inputTokens;
    usage.outputTokens += tokens.outputTokens;
    usage.cacheWriteTokens += tokens.cacheWriteTokens;
    usage.cacheReadTokens += tokens.cacheReadTokens;
    usage.costUsd += costUsd(price, tokens);
}

/** Remembers the last tool call; the same one STUCK_REPEATS times in a row is a stuck loop. */
export class StuckLoopCheck {
    private last = '';
    private repeats = 0;

    check(name: string, input: unknown): string | undefined {
        const key = `${name} ${canonicalJson(input)}`;
        this.repeats = key === this.last ? this.repeats + 1 : 1;
        this.last = key;
        return this.repeats >= STUCK_REPEATS
            ? `stuck in a loop: the agent called ${name} with the same arguments ${STUCK_REPEATS} times in a row`
            : undefined;
    }
}

export function canonicalJson(value: unknown): string {
    if (Array.isArray(value)) {
        return `[${value.map(canonicalJson).join(',')}]`;
    }
    if (value && typeof value === 'object') {
        return `{${Object.keys(value).sort().map(key => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
    }
    return JSON.stringify(value) ?? 'null';
}

function textOf(message: Anthropic.Message): string {
    return message.content.filter((block): block is Anthropic.TextBlock => block.type === 'text').map(block => block.text).join('\n').trim();
}

function formatInput(json: string): string {
    try {
        return JSON.stringify(JSON.parse(json || '{}'), undefined, 2);
    } catch {
        return json;
    }
}

function boundForStep(text: string): string {
    return text.length > MAX_STEP_TEXT ? `${text.slice(0, MAX_STEP_TEXT)}\n… ${text.length - MAX_STEP_TEXT} more characters` : text;
}

function formatMinutes(ms: number): string {
    return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}
