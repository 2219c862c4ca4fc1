import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { FakeMessagesApi } from '@ide/test-support';
import { Gateway } from '../../src/gateway.js';
import { Client, startTestGateway, testConfig, userAdmin, userClient } from '../helpers.js';
import { connectAgent, createToken, structuredOf, textOf } from '../mcp-agent.js';

const ORG_KEY = 'sk-ant-api03-integration-key-held-by-the-gateway-only';

interface Task { id: string; status: string; user: string; reason?: string; usage: { inputTokens: number; outputTokens: number; costUsd: number }; files: { path: string; change: string; diff?: string }[] }

/**
 * An AI task end to end on the real path: an agent over MCP creates it in the real sandbox, the
 * agent loop inside calls the model through the sandbox's gateway socket, the gateway adds the key
 * and meters the fake Messages API's usage, the quality gates run before apply.
 */
describe('AI tasks through the gateway\'s model proxy, in a real sandbox', { timeout: 300_000 }, () => {
    const model = new FakeMessagesApi(ORG_KEY);
    let gateway: Gateway;
    let alice: Client;
    let workspaceId: string;
    let agent: McpClient;
    const call = async (name: string, args: Record<string, unknown>) => agent.callTool({ name, arguments: args }, undefined, { timeout: 120_000 });
    const waitFor = async (taskId: string, statuses: string[]): Promise<Task> => {
        for (let i = 0; i < 240; i++) {
            const task = structuredOf<{ task: Task }>(await call('get_task', { taskId })).task;
            if (statuses.includes(task.status)) {
                return task;
            }
            await sleep(500);
        }
        throw new Error(`task ${taskId} never reached ${statuses.join(' or ')}`);
    };

    before(async () => {
        model.script('it-two-files', [
            { content: [{ type: 'text', text: 'Editing both files.' }, { type: 'tool_use', id: 'toolu_1', name: 'edit_file', input: { path: 'greeting.txt', edits: [{ oldText: 'hello', newText: 'hello world' }] } }] },
            { content: [{ type: 'tool_use', id: 'toolu_2', name: 'write_file', input: { path: 'notes/added.md', content: '# Added by the agent\n' } }] },
            { content: [{ type: 'text', text: 'Done: greeting changed, notes added.' }], outputTokens: 12 }
        ]);
        model.script('it-expensive', [
            { content: [{ type: 'tool_use', id: 'toolu_3', name: 'list_directory', input: { path: '.' } }], inputTokens: 200_000, outputTokens: 10 },
            { content: [{ type: 'text', text: 'never reached' }] }
        ]);
        await model.start();
        gateway = await startTestGateway(await testConfig({ IDE_INSTANCE: `ai${process.pid}`, IDE_ANTHROPIC_API_KEY: ORG_KEY, IDE_ANTHROPIC_BASE_URL: model.url }));
        alice = await userClient(gateway, 'alice');
        workspaceId = (await alice.json<{ id: string }>('POST', '/api/workspaces', { name: 'tasked' })).body.id;
        agent = await connectAgent(`${gateway.url}/mcp/${workspaceId}`, (await createToken(alice, { name: 'orchestrator' })).secret);
        await call('write_file', { path: 'greeting.txt', content: 'hello\n' });
        await call('write_file', { path: '.ide/gates.json', content: JSON.stringify({ gates: [{ name: 'greeting', kind: 'command', command: 'grep -q hello greeting.txt' }] }) });
    });

    after(async () => {
        await agent?.close().catch(() => undefined);
        await alice?.request('DELETE', `/api/workspaces/${workspaceId}`).catch(() => undefined);
        await gateway?.close();
        await model.close();
    });

    test('a task edits two files in its scratch copy, passes the gates, is applied, and is metered and audited', async () => {
        const created = await call('create_task', { task: 'script:it-two-files change the greeting and add notes', model: 'claude-sonnet-5' });
        assert.ok(!created.isError, textOf(created));
        const taskId = structuredOf<{ taskId: string }>(created).taskId;
        const review = await waitFor(taskId, ['awaiting review', 'failed']);
        assert.equal(review.status, 'awaiting review', review.reason);
        assert.equal(review.user, 'alice', 'recorded for the owner the gateway names');
        assert.deepEqual(review.files.map(file => [file.path, file.change]).sort(), [['greeting.txt', 'modified'], ['notes/added.md', 'added']]);
        assert.match(textOf(await call('read_text_file', { path: 'greeting.txt' })), /^hello\n?$/m, 'the workspace is untouched before apply');

        const applied = await call('apply_task', { taskId });
        assert.ok(!applied.isError, textOf(applied));
        assert.match(textOf(await call('read_text_file', { path: 'greeting.txt' })), /hello world/);
        assert.match(textOf(await call('read_text_file', { path: 'notes/added.md' })), /Added by the agent/);

        assert.ok(model.requests.length >= 3 && model.requests.every(request => request.headers['x-api-key'] === ORG_KEY));
        const env = textOf(await call('run_command', { command: 'env; cat /proc/1/environ | tr "\\\\0" "\\\\n"' }));
        assert.ok(!env.includes(ORG_KEY), 'the key never enters the sandbox');
        const usage = (await alice.json<{ thisMonth: { requests: number } }>('GET', '/api/llm/usage')).body.thisMonth;
        assert.ok(usage.requests >= 3);
        const records = (await (await userAdmin(gateway)).json<{ tasks: { taskId: string; outcome: string; username: string; metered: { requests: number } }[] }>('GET', '/api/admin/tasks')).body.tasks;
        const record = records.find(entry => entry.taskId === taskId);
        assert.equal(record?.outcome, 'applied');
        assert.equal(record?.username, 'alice');
        assert.ok(record!.metered.requests >= 3);
    });

    test('a task over its budget is stopped with a clear reason', async () => {
        const created = await call('create_task', { task: 'script:it-expensive look around', model: 'claude-sonnet-5', budgetUsd: 0.01 });
        const taskId = structuredOf<{ taskId: string }>(created).taskId;
        const ended = await waitFor(taskId, ['failed', 'awaiting review', 'cancelled']);
        assert.equal(ended.status, 'failed');
        assert.match(ended.reason ?? '', /budget/i);
    });
});
