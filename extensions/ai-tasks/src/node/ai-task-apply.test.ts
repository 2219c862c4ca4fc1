import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as path from 'path';
import { TaskEvent, TaskRecordFile } from '../common/ai-task-types';
import { commandGate, TaskFixture, taskFixture, text, toolUse, waitFor, waitForTask } from '../test-helpers/ai-tasks';

describe('an AI task that edits two files and passes the gates', () => {
    let fixture: TaskFixture;
    const events: TaskEvent[] = [];

    before(async () => {
        fixture = await taskFixture({
            files: {
                'greeting.txt': 'hello\n',
                'src/app.sh': 'echo "TODO: greet"\n',
                '.ide/gates.json': commandGate('greets', 'grep -q "hello world" greeting.txt && ! grep -q TODO src/app.sh'),
                '.git/config': '[core]\n',
                'node_modules/dep/index.js': 'module.exports = 1;\n'
            }
        });
        fixture.script('two-files', [
            { content: [text('Let me read the greeting first.'), toolUse('read_text_file', { path: 'greeting.txt' })], inputTokens: 1000, outputTokens: 100 },
            {
                content: [
                    text('Now I change both files.'),
                    toolUse('edit_file', { path: 'greeting.txt', edits: [{ oldText: 'hello', newText: 'hello world' }] }),
                    toolUse('write_file', { path: 'src/app.sh', content: 'echo "hello world"\n' })
                ],
                inputTokens: 2000, outputTokens: 200
            },
            { content: [text('I changed greeting.txt and src/app.sh.')], inputTokens: 3000, outputTokens: 50 }
        ]);
        fixture.manager.onEvent(event => events.push(event));
    });
    after(() => fixture.close());

    let taskId: string;

    it('runs the agent in a scratch copy and waits for review with a two-file change set', async () => {
        const created = await fixture.manager.create({ text: 'Say hello world everywhere. script:two-files', budgetUsd: 1 });
        taskId = created.id;
        assert.ok(['queued', 'running'].includes(created.status), created.status);
        assert.equal(created.model, 'claude-sonnet-5');

        const task = await waitForTask(fixture.manager, taskId, ['awaiting review', 'failed']);
        assert.equal(task.status, 'awaiting review', task.reason);
        assert.deepEqual(task.files.map(file => `${file.change} ${file.path}`), ['modified greeting.txt', 'modified src/app.sh']);
        const greeting = task.files.find(file => file.path === 'greeting.txt')!;
        assert.match(greeting.diff, /^-hello$/m);
        assert.match(greeting.diff, /^\+hello world$/m);
        assert.equal(greeting.stale, false);
        assert.equal(greeting.decision, 'accepted');

        assert.equal(await fixture.project.read('greeting.txt'), 'hello\n', 'the workspace is untouched before apply');
        assert.equal(await fs.readFile(path.join(task.scratchRoot!, 'greeting.txt'), 'utf8'), 'hello world\n');
        assert.equal(await fs.readFile(path.join(task.emptyFile!), 'utf8'), '');
    });

    it('copied the workspace without .git, with node_modules as a symlink', async () => {
        const task = await fixture.manager.get(taskId);
        const gitConfig = await fs.readFile(path.join(task.scratchRoot!, '.git', 'config'), 'utf8');
        assert.doesNotMatch(gitConfig, /^\[core\]\n$/, 'the scratch .git is its own baseline repository, not a copy');
        const link = await fs.readlink(path.join(task.scratchRoot!, 'node_modules'));
        assert.equal(link, path.join(fixture.project.workspace, 'node_modules'));
    });

    it('streamed thoughts, tool calls and their results, and counted tokens and cost', async () => {
        const task = await fixture.manager.get(taskId);
        const kinds = task.steps.map(step => `${step.kind}${step.tool ? ` ${step.tool}` : ''}`);
        assert.deepEqual(kinds.filter(kind => kind !== 'info'), [
            'thought', 'tool-call read_text_file', 'tool-result read_text_file',
            'thought', 'tool-call edit_file', 'tool-call write_file', 'tool-result edit_file', 'tool-result write_file',
            'thought'
        ]);
        assert.equal(task.steps.find(step => step.kind === 'thought')!.text, 'Let me read the greeting first.');
        assert.match(task.steps.find(step => step.kind === 'tool-result')!.text, /hello/);
        assert.ok(task.steps.every(step => !step.streaming));
        const streamedThought = events.filter((event): event is Extract<TaskEvent, { type: 'step' }> =>
            event.type === 'step' && event.step.kind === 'thought' && event.step.streaming === true);
        assert.ok(streamedThought.length > 0, 'thoughts were sent while they streamed');

        assert.equal(task.usage.turns, 3);
        assert.equal(task.usage.inputTokens, 6000);
        assert.equal(task.usage.outputTokens, 350);
        assert.ok(Math.abs(task.usage.costUsd - (6000 * 3 + 350 * 15) / 1e6) < 1e-9, String(task.usage.costUsd));
    });

    it('sent the task id and budget to the gateway with every model request', () => {
        assert.equal(fixture.gateway!.messageRequests.length, 3);
        for (const headers of fixture.gateway!.messageRequests) {
            assert.equal(headers['x-ide-task-id'], taskId);
            assert.equal(headers['x-ide-task-budget-usd'], '1');
            assert.match(String(headers['x-api-key'] ?? headers.authorization), /sandbox-has-no-key/);
        }
    });

    it('applies after the gates pass: both files change in the workspace, atomically, the task is recorded', async () => {
        const result = await fixture.manager.apply(taskId);
        assert.equal(result.applied, true, result.reason);
        assert.deepEqual(result.files.sort(), ['greeting.txt', 'src/app.sh']);
        assert.equal(result.gateRun!.passed, true);
        assert.deepEqual(result.gateRun!.gates.find(gate => gate.gate === 'greets')!.status, 'pass');

        assert.equal(await fixture.project.read('greeting.txt'), 'hello world\n');
        assert.equal(await fixture.project.read('src/app.sh'), 'echo "hello world"\n');
        assert.equal(await fixture.project.read('.git/config'), '[core]\n');
        const leftovers = (await fs.readdir(fixture.project.workspace)).filter(name => name.includes('.tmp'));
        assert.deepEqual(leftovers, []);

        const task = await fixture.manager.get(taskId);
        assert.equal(task.status, 'applied');
        assert.equal(task.gates, 'pass');
        assert.equal(task.scratchRoot, undefined);
        await assert.rejects(fs.access(path.join(fixture.project.scratchBase, taskId)), 'the scratch copy is removed');

        const record = JSON.parse(await fixture.project.read(`.ide/tasks/${taskId}.json`)) as TaskRecordFile;
        assert.equal(record.outcome, 'applied');
        assert.equal(record.user, 'tester');
        assert.equal(record.text, 'Say hello world everywhere. script:two-files');
        assert.equal(record.model, 'claude-sonnet-5');
        assert.equal(record.usage.turns, 3);
        assert.equal(record.gates, 'pass');
        assert.ok(record.durationMs > 0);
        assert.equal(await fixture.project.read('.ide/.gitignore'), '# AI task records (see extensions/ai-tasks)\n/tasks/\n');

        await waitFor(() => fixture.gateway!.records.length === 1, 'the gateway record');
        const report = fixture.gateway!.records[0];
        assert.deepEqual({ ...report, durationMs: 0, costUsd: 0 }, {
            taskId, text: 'Say hello world everywhere. script:two-files', model: 'claude-sonnet-5', turns: 3,
            inputTokens: 6000, outputTokens: 350, costUsd: 0, gates: 'pass', durationMs: 0, outcome: 'applied'
        });
    });

    it('lists the task, and refuses to apply it twice', async () => {
        const tasks = await fixture.manager.list();
        assert.deepEqual(tasks.map(task => [task.id, task.status]), [[taskId, 'applied']]);
        await assert.rejects(fixture.manager.apply(taskId), /applied, not awaiting review/);
    });
});
