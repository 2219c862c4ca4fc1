import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export type FakeContentBlock =
    | { type: 'text'; text: string }
    | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export interface ScriptedTurn {
    content: FakeContentBlock[];
    stopReason?: 'end_turn' | 'tool_use' | 'max_tokens';
    inputTokens?: number;
    outputTokens?: number;
    /** Pause between streamed events, to watch a stream or cancel it midway. */
    eventDelayMs?: number;
}

export interface RecordedRequest {
    path: string;
    headers: IncomingHttpHeaders;
    body: { model?: string; stream?: boolean; messages?: { role: string; content: unknown }[]; [key: string]: unknown };
}

/**
 * A local stand-in for the Anthropic Messages API that replays scripted conversations. A request
 * picks its script by a `script:<name>` marker in its first user message, and its turn by how
 * many assistant messages it already carries, so replies are deterministic and stateless.
 * Streams like the real API (message_start … content_block_delta … message_delta, message_stop).
 */
export class FakeMessagesApi {
    readonly requests: RecordedRequest[] = [];
    private readonly scripts = new Map<string, ScriptedTurn[]>();
    private server?: Server;
    url = '';

    constructor(private readonly requiredApiKey?: string) { }

    script(name: string, turns: ScriptedTurn[]): void {
        this.scripts.set(name, turns);
    }

    /** Listens on 127.0.0.1 (port 0: any free port) and returns the base URL. */
    async start(port = 0): Promise<string> {
        this.server = createServer((req, res) => {
            const chunks: Buffer[] = [];
            req.on('data', chunk => chunks.push(chunk));
            req.on('end', () => {
                const path = (req.url ?? '').split('?')[0];
                let body: RecordedRequest['body'];
                try {
                    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
                } catch {
                    return sendError(res, 400, 'invalid_request_error', 'body is not JSON');
                }
                this.requests.push({ path, headers: req.headers, body });
                const presented = req.headers['x-api-key'] ?? /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
                if (this.requiredApiKey && presented !== this.requiredApiKey) {
                    return sendError(res, 401, 'authentication_error', 'invalid x-api-key');
                }
                if (path === '/v1/messages/count_tokens') {
                    return sendJson(res, 200, { input_tokens: JSON.stringify(body.messages ?? []).length });
                }
                if (path !== '/v1/messages') {
                    return sendError(res, 404, 'not_found_error', `no ${path}`);
                }
                const turn = this.turnFor(body);
                if (!turn) {
                    return sendError(res, 400, 'invalid_request_error', 'no scripted turn for this conversation');
                }
                const message = toMessage(body.model ?? 'unknown', turn);
                if (body.stream) {
                    void stream(res, message, turn.eventDelayMs ?? 0);
                } else {
                    sendJson(res, 200, message);
                }
            });
        });
        await new Promise<void>((resolve, reject) => {
            this.server!.once('error', reject);
            this.server!.listen(port, '127.0.0.1', resolve);
        });
        this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
        return this.url;
    }

    async close(): Promise<void> {
        this.server?.closeAllConnections();
        await new Promise<void>(resolve => this.server ? this.server.close(() => resolve()) : resolve());
    }

    private turnFor(body: RecordedRequest['body']): ScriptedTurn | undefined {
        const messages = body.messages ?? [];
        const first = messages.find(message => message.role === 'user');
        const text = typeof first?.content === 'string' ? first.content : JSON.stringify(first?.content ?? '');
        const name = /script:([\w-]+)/.exec(text)?.[1];
        const turns = name ? this.scripts.get(name) : undefined;
        return turns?.[messages.filter(message => message.role === 'assistant').length];
    }
}

let messageCount = 0;

function toMessage(model: string, turn: ScriptedTurn): Record<string, unknown> {
    return {
        id: `msg_fake_${++messageCount}`,
        type: 'message',
        role: 'assistant',
        model,
        content: turn.content,
        stop_reason: turn.stopReason ?? (turn.content.some(block => block.type === 'tool_use') ? 'tool_use' : 'end_turn'),
        stop_sequence: null,
        usage: { input_tokens: turn.inputTokens ?? 100, output_tokens: turn.outputTokens ?? 20 }
    };
}

async function stream(res: ServerResponse, message: Record<string, unknown>, delayMs: number): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const usage = message.usage as { input_tokens: number; output_tokens: number };
    const send = async (type: string, data: Record<string, unknown>): Promise<void> => {
        if (res.destroyed) {
            return;
        }
        res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
        if (delayMs) {
            await new Promise(resolve => setTimeout(resolve, delayMs));
        }
    };
    await send('message_start', { message: { ...message, content: [], stop_reason: null, usage: { input_tokens: usage.input_tokens, output_tokens: 1 } } });
    const blocks = message.content as FakeContentBlock[];
    for (const [index, block] of blocks.entries()) {
        if (block.type === 'text') {
            await send('content_block_start', { index, content_block: { type: 'text', text: '' } });
            for (const piece of block.text.match(/.{1,12}/gs) ?? []) {
                await send('content_block_delta', { index, delta: { type: 'text_delta', text: piece } });
            }
        } else {
            await send('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
            const json = JSON.stringify(block.input);
            for (const piece of json.match(/.{1,24}/gs) ?? []) {
                await send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } });
            }
        }
        await send('content_block_stop', { index });
    }
    await send('message_delta', { delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
    await send('message_stop', {});
    res.end();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
    sendJson(res, status, { type: 'error', error: { type, message } });
}
