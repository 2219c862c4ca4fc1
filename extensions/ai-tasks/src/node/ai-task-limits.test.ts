import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { TaskFixture, taskFixture, text, toolUse, waitFor, waitForTask } from '../test-helpers/ai-tasks';

describe('AI task limits and refusals', () => {
    let fixture: TaskFixture;

    before(async () => {
        fixture = await taskFixture({ files: { 'notes.txt': 'one\n' } });
    });
    after(() => fixture.close());

    it('stops a task at its own budget, computed from usage and the gateway\'s prices', async () => {
        // claude-sonnet-5 costs $3 / $15 per million tokens: each turn below costs $0.45
        const expensive = { inputTokens: 100_000, outputTokens: 10_000 };
        fixture.script('expensive', [
            { content: [toolUse('list_directory', { path: '.' })], ...expensive },
            { content: [toolUse('read_text_file', { path: 'notes.txt' })], ...expensive },
            { content: [toolUse('write_file', { path: 'notes.txt', content: 'never\n' })], ...expensive },
            { content: [text('done')], ...expensive }
        ]);
        const id = (await fixture.manager.create({ text: 'script:expensive', budgetUsd: 0.5 })).id;
        const task = await waitForTask(fixture.manager, id, ['failed', 'awaiting review']);
        assert.equal(task.status, 'failed');
        assert.equal(task.reason, 'budget exceeded: spent $0.90 of the task\'s $0.50 budget');
        assert.equal(task.usage.turns, 2);
        assert.ok(Math.abs(task.usage.costUsd - 0.9) < 1e-9);
        assert.equal(fixture.fake.requests.filter(request => request.body.messages?.[0].content === 'script:expensive').length, 2,
            'no model request after the budget was used');
        assert.ok(task.steps.some(step => step.kind === 'error' && /budget exceeded/.test(step.text)));
        assert.equal(await fixture.project.read('notes.txt'), 'one\n');
        await waitFor(() => fixture.gateway!.records.some(record => record.taskId === id), 'the gateway record');
        const record = fixture.gateway!.records.find(candidate => candidate.taskId === id)!;
        assert.equal(record.outcome, 'failed');
        assert.equal(record.gates, 'not-run');
    });

    it('shows the gateway\'s 402 budget refusal as the failure reason', async () => {
        fixture.gateway!.refusal = { status: 402, type: 'budget_exceeded', message: 'task x has used its budget of $0.10 ($0.1200 spent)' };
        try {
            const id = (await fixture.manager.create({ text: 'script:expensive', budgetUsd: 0.1 })).id;
            const task = await waitForTask(fixture.manager, id, ['failed']);
            assert.equal(task.reason, 'budget exceeded (the gateway refused the request): task x has used its budget of $0.10 ($0.1200 spent)');
            assert.equal(task.usage.turns, 0);
        } finally {
            fixture.gateway!.refusal = undefined;
        }
    });

    it('shows the gateway\'s 503 not_configured and 400 unknown-model refusals as failure reasons', async () => {
        fixture.gateway!.refusal = { status: 503, type: 'not_configured', message: 'No Anthropic API key is configured on the gateway: an admin sets IDE_ANTHROPIC_API_KEY in its environment.' };
        try {
            const id = (await fixture.manager.create({ text: 'script:expensive' })).id;
            const task = await waitForTask(fixture.manager, id, ['failed']);
            assert.match(task.reason!, /^no model API key is configured on the gateway: .*IDE_ANTHROPIC_API_KEY/);
        } finally {
            fixture.gateway!.refusal = undefined;
        }
        fixture.gateway!.refusal = { status: 400, type: 'invalid_request_error', message: 'model "claude-sonnet-5" is not offered here; choose one of: x' };
        try {
            const id = (await fixture.manager.create({ text: 'script:expensive' })).id;
            const task = await waitForTask(fixture.manager, id, ['failed']);
            assert.equal(task.reason, 'the gateway refused the model: model "claude-sonnet-5" is not offered here; choose one of: x');
        } finally {
            fixture.gateway!.refusal = undefined;
        }
    });

    it('stops an agent that repeats the same tool call three times in a row', async () => {
        const same = () => ({ content: [toolUse('read_text_file', { path: 'notes.txt' })] });
        fixture.script('stuck', [same(), same(), same(), same(), { content: [text('done')] }]);
        const id = (await fixture.manager.create({ text: 'script:stuck' })).id;
        const task = await waitForTask(fixture.manager, id, ['failed', 'awaiting review']);
        assert.equal(task.status, 'failed');
        assert.equal(task.reason, 'stuck in a loop: the agent called read_text_file with the same arguments 3 times in a row');
        assert.equal(task.steps.filter(step => step.kind === 'tool-result').length, 2, 'the third call was not run');
    });

    it('stops at the turn limit', async () => {
        fixture.script('chatty', [1, 2, 3, 4].map(line => ({ content: [toolUse('read_text_file', { path: 'notes.txt', head: line })] })));
        const id = (await fixture.manager.create({ text: 'script:chatty', limits: { maxTurns: 2 } })).id;
        const task = await waitForTask(fixture.manager, id, ['failed']);
        assert.equal(task.reason, 'reached the limit of 2 turns');
    });

    it('refuses to start without a configured key, saying how to configure it', async () => {
        fixture.gateway!.status = { ...fixture.gateway!.status, configured: false, howToConfigure: 'An admin sets IDE_ANTHROPIC_API_KEY in the gateway\'s environment and restarts it.' };
        try {
            const status = await fixture.manager.modelStatus(true);
            assert.equal(status.reachable, true);
            assert.equal(status.configured, false);
            await assert.rejects(fixture.manager.create({ text: 'anything' }),
                { message: 'no model API key is configured on the gateway. An admin sets IDE_ANTHROPIC_API_KEY in the gateway\'s environment and restarts it.' });
        } finally {
            fixture.gateway!.status = { ...fixture.gateway!.status, configured: true, howToConfigure: undefined };
        }
    });

    it('refuses unknown models and budgets over the gateway\'s maximum before starting', async () => {
        await assert.rejects(fixture.manager.create({ text: 'x', model: 'gpt-9' }), /model "gpt-9" is not offered by the gateway; choose one of: claude-sonnet-5/);
        await assert.rejects(fixture.manager.create({ text: 'x', budgetUsd: 6 }), /over the gateway's maximum of \$5.00 per task/);
        await assert.rejects(fixture.manager.create({ text: '   ' }), /describe the task first/);
    });

    it('reports an unreachable gateway plainly', async () => {
        const unreachable = await taskFixture({ files: {}, settings: { endpoint: { socketPath: '/nonexistent/gateway.sock' }, fallbackStatus: undefined } });
        try {
            const status = await unreachable.manager.modelStatus(true);
            assert.equal(status.reachable, false);
            assert.match(status.error!, /cannot reach the gateway's model proxy at the gateway socket \/nonexistent\/gateway.sock/);
            await assert.rejects(unreachable.manager.create({ text: 'x' }), /cannot reach the gateway's model proxy/);
        } finally {
            await unreachable.close();
        }
    });
});

describe('an AI task pointed straight at a Messages API base URL', () => {
    it('runs with the prices it was given', async () => {
        const fixture = await taskFixture({ files: { 'a.txt': 'a\n' }, via: 'base-url' });
        try {
            fixture.script('direct', [
                { content: [toolUse('write_file', { path: 'a.txt', content: 'b\n' })] },
                { content: [text('done')] }
            ]);
            const id = (await fixture.manager.create({ text: 'script:direct' })).id;
            const task = await waitForTask(fixture.manager, id, ['awaiting review', 'failed']);
            assert.equal(task.status, 'awaiting review', task.reason);
            assert.deepEqual(task.files.map(file => file.path), ['a.txt']);
            assert.ok(task.usage.costUsd > 0);
            assert.equal(fixture.fake.requests[0].headers['x-ide-task-id'], id);
        } finally {
            await fixture.close();
        }
    });
});
