import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Agent, fetch as undiciFetch } from 'undici';
import { Gateway } from '../../src/gateway.js';
import { FakeSandboxes } from '../fake-sandboxes.js';
import { FakeMessagesApi } from '@ide/test-support';
import { Client, startTestGateway, testConfig, userAdmin, userClient } from '../helpers.js';

const ORG_KEY = 'sk-ant-api03-the-organisations-key-never-in-a-sandbox';
const MODEL = 'claude-sonnet-5';

/** The real SDK as code inside the sandbox uses it: over the gateway socket, with no key of its own. */
function sandboxClient(socketPath: string, headers: Record<string, string> = {}): { client: Anthropic; calls: () => number } {
    let calls = 0;
    const dispatcher = new Agent({ connect: { socketPath } });
    const client = new Anthropic({
        apiKey: 'sandbox-has-no-key',
        baseURL: 'http://gateway',
        defaultHeaders: headers,
        fetch: ((url: string, init?: Parameters<typeof undiciFetch>[1]) => {
            calls++;
            return undiciFetch(url, { ...init, dispatcher });
        }) as unknown as typeof fetch
    });
    return { client, calls: () => calls };
}

async function openWorkspace(gateway: Gateway, user: Client): Promise<string> {
    const id = (await user.json<{ id: string }>('POST', '/api/workspaces', { name: `p${Math.random().toString(36).slice(2, 8)}` })).body.id;
    assert.equal((await user.request('POST', `/api/workspaces/${id}/open`)).status, 200);
    return join(gateway.dataDir, 'run', id, 'gateway.sock');
}

describe('the gateway\'s model proxy, with the real Anthropic SDK against a fake Messages API', () => {
    const api = new FakeMessagesApi(ORG_KEY);
    let gateway: Gateway;
    let alice: Client;
    let socketPath: string;

    before(async () => {
        await api.start();
        api.script('hello', [{ content: [{ type: 'text', text: 'Hello from the fake model, streamed in pieces.' }], inputTokens: 1000, outputTokens: 200 }]);
        gateway = await startTestGateway(await testConfig({ IDE_ANTHROPIC_API_KEY: ORG_KEY, IDE_ANTHROPIC_BASE_URL: api.url, IDE_LLM_MAX_TASK_BUDGET_USD: '1' }), { sandboxes: new FakeSandboxes() });
        alice = await userClient(gateway, 'alice');
        socketPath = await openWorkspace(gateway, alice);
    });
    after(async () => {
        await gateway.close();
        await api.close();
    });

    test('a request is answered with the organisation\'s key added and the sandbox\'s dropped; tokens and cost are recorded', async () => {
        const { client } = sandboxClient(socketPath);
        const message = await client.messages.create({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'script:hello' }] });
        assert.deepEqual(message.content, [{ type: 'text', text: 'Hello from the fake model, streamed in pieces.' }]);
        const seen = api.requests.at(-1)!;
        assert.equal(seen.headers['x-api-key'], ORG_KEY);
        assert.ok(!JSON.stringify(seen.headers).includes('sandbox-has-no-key'));
        const usage = (await alice.json<{ thisMonth: { requests: number; inputTokens: number; outputTokens: number; costUsd: number } }>('GET', '/api/llm/usage')).body.thisMonth;
        assert.equal(usage.requests, 1);
        assert.equal(usage.inputTokens, 1000);
        assert.equal(usage.outputTokens, 200);
        assert.ok(Math.abs(usage.costUsd - (1000 * 3 + 200 * 15) / 1e6) < 1e-9);
    });

    test('a streamed answer passes through event by event and its usage is counted', async () => {
        const { client } = sandboxClient(socketPath);
        const pieces: string[] = [];
        const stream = client.messages.stream({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'script:hello' }] });
        stream.on('text', text => pieces.push(text));
        const final = await stream.finalMessage();
        assert.ok(pieces.length > 1, 'several text deltas');
        assert.equal(pieces.join(''), 'Hello from the fake model, streamed in pieces.');
        assert.equal(final.usage.output_tokens, 200);
        const usage = (await alice.json<{ thisMonth: { requests: number; outputTokens: number } }>('GET', '/api/llm/usage')).body.thisMonth;
        assert.equal(usage.requests, 2);
        assert.equal(usage.outputTokens, 400);
    });

    test('a task over its budget is refused with a clear error, without retries', async () => {
        const { client, calls } = sandboxClient(socketPath, { 'x-ide-task-id': 'task-1', 'x-ide-task-budget-usd': '0.001' });
        await client.messages.create({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'script:hello' }] });
        const before = calls();
        await assert.rejects(
            client.messages.create({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'script:hello' }] }),
            (error: Error & { status?: number }) => error.status === 402 && /task task-1 has used its budget of \$0\.00/.test(error.message));
        assert.equal(calls() - before, 1, 'the SDK did not retry');
        const other = sandboxClient(socketPath, { 'x-ide-task-id': 'task-2' }).client;
        await other.messages.create({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'script:hello' }] });
    });

    test('a model missing from the price table, and bad task headers, are refused', async () => {
        const { client } = sandboxClient(socketPath);
        await assert.rejects(client.messages.create({ model: 'gpt-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
            (error: Error & { status?: number }) => error.status === 400 && /model ."?gpt-5."? is not offered here; choose one of: claude-sonnet-5/.test(error.message));
        const dispatcher = new Agent({ connect: { socketPath } });
        const huge = await undiciFetch('http://gateway/v1/messages', { method: 'POST', body: Buffer.alloc(33 * 1024 * 1024, 32), dispatcher });
        assert.equal(huge.status, 413);
        assert.match(await huge.text(), /request body is larger than the limit of 32 MiB/);
        const badTask = sandboxClient(socketPath, { 'x-ide-task-id': '../../etc' }).client;
        await assert.rejects(badTask.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'script:hello' }] }), /x-ide-task-id must be/);
    });

    test('a finished task reported by the sandbox is audited with what the proxy metered for it', async () => {
        const dispatcher = new Agent({ connect: { socketPath } });
        const post = (body: unknown) => undiciFetch('http://gateway/v1/ide/task-records', { method: 'POST', body: JSON.stringify(body), dispatcher });
        const report = { taskId: 'task-1', text: 'script:hello make it so', model: MODEL, turns: 1, inputTokens: 1000, outputTokens: 200, costUsd: 0.006, gates: 'pass', durationMs: 1234, outcome: 'applied' };
        assert.equal((await post(report)).status, 201);
        const refused = await post({ ...report, taskId: '../x', gates: 'maybe' });
        assert.equal(refused.status, 400);
        assert.match(await refused.text(), /taskId.*gates|gates.*taskId/s);
        const mine = (await alice.json<{ tasks: { taskId: string; username: string; outcome: string; metered: { requests: number } }[] }>('GET', '/api/tasks')).body.tasks;
        assert.equal(mine.length, 1);
        assert.deepEqual([mine[0].taskId, mine[0].username, mine[0].outcome, mine[0].metered.requests], ['task-1', 'alice', 'applied', 1]);
        assert.equal((await alice.request('GET', '/api/admin/tasks')).status, 403);
        assert.equal((await (await userAdmin(gateway)).json<{ tasks: unknown[] }>('GET', '/api/admin/tasks')).body.tasks.length, 1);
    });

    test('admins see usage per user; others may not', async () => {
        assert.equal((await alice.request('GET', '/api/admin/llm/usage')).status, 403);
        const admin = await userAdmin(gateway);
        const all = (await admin.json<{ users: { username: string; totals: { requests: number } }[] }>('GET', '/api/admin/llm/usage')).body.users;
        assert.equal(all.find(entry => entry.username === 'alice')?.totals.requests, 4);
        const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
        assert.match(metrics, new RegExp(`^ide_llm_tokens_total\\{model="${MODEL}",kind="output"\\} 800$`, 'm'));
        assert.match(metrics, new RegExp(`^ide_llm_cost_usd_total\\{model="${MODEL}"\\} 0\\.024$`, 'm'));
    });
});

describe('the gateway socket follows the sandbox', () => {
    test('it is listened on when the sandbox opens and closed when the workspace is stopped or deleted', async () => {
        const gateway = await startTestGateway(await testConfig(), { sandboxes: new FakeSandboxes() });
        try {
            const carol = await userClient(gateway, 'carol');
            const socketPath = await openWorkspace(gateway, carol);
            const status = () => undiciFetch('http://gateway/v1/ide/status', { dispatcher: new Agent({ connect: { socketPath } }) });
            assert.equal((await status()).status, 200);
            const workspaceId = socketPath.split('/').at(-2)!;
            assert.equal((await carol.request('POST', `/api/workspaces/${workspaceId}/stop`)).status, 200);
            await assert.rejects(status(), 'stopped: nobody listens');
            assert.equal((await carol.request('POST', `/api/workspaces/${workspaceId}/open`)).status, 200);
            assert.equal((await status()).status, 200, 'listened on again');
            assert.equal((await carol.request('DELETE', `/api/workspaces/${workspaceId}`)).status, 200);
            await assert.rejects(status(), 'deleted: nobody listens');
        } finally {
            await gateway.close();
        }
    });
});

describe('the model proxy without a key, or with the user\'s budget used up', () => {
    test('each says plainly what is wrong and how to fix it', async () => {
        const api = new FakeMessagesApi();
        await api.start();
        const noKey = await startTestGateway(await testConfig({ IDE_ANTHROPIC_BASE_URL: api.url }), { sandboxes: new FakeSandboxes() });
        const broke = await startTestGateway(await testConfig({ IDE_ANTHROPIC_API_KEY: ORG_KEY, IDE_ANTHROPIC_BASE_URL: api.url, IDE_LLM_USER_MONTHLY_BUDGET_USD: '0' }), { sandboxes: new FakeSandboxes() });
        try {
            const withoutKey = sandboxClient(await openWorkspace(noKey, await userClient(noKey, 'carol')));
            await assert.rejects(withoutKey.client.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
                (error: Error & { status?: number }) => error.status === 503 && /No Anthropic API key is configured on the gateway: an admin sets IDE_ANTHROPIC_API_KEY/.test(error.message));
            assert.equal(withoutKey.calls(), 1, 'not retried');
            const status = await (await withoutKey.client.get('/v1/ide/status')) as { configured: boolean; howToConfigure: string };
            assert.equal(status.configured, false);
            assert.match(status.howToConfigure, /IDE_ANTHROPIC_API_KEY/);

            const overBudget = sandboxClient(await openWorkspace(broke, await userClient(broke, 'dave'))).client;
            await assert.rejects(overBudget.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
                (error: Error & { status?: number }) => error.status === 402 && /monthly model budget of \$0\.00 is used up/.test(error.message));
            assert.equal(api.requests.length, 0, 'nothing reached the provider');
        } finally {
            await noKey.close();
            await broke.close();
            await api.close();
        }
    });
});
