import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as path from 'path';
import { QualityGateRunner } from '@ide/quality-gates/lib/node/quality-gate-runner';
import { ProjectMemory } from '@ide/memory/lib/node/project-memory';
import { TaskRecordFile } from '../common/ai-task-types';
import { AiTaskManager } from './ai-task-manager';
import { AiTasksSettings } from './ai-tasks-settings';
import { commandGate, TaskFixture, taskFixture, text, toolUse, waitForTask } from '../test-helpers/ai-tasks';

describe('reviewing an AI task', () => {
    let fixture: TaskFixture;
    let memory: ProjectMemory;

    before(async () => {
        fixture = await taskFixture({
            files: { 'a.txt': 'a\n', 'b.txt': 'b\n', '.ide/gates.json': commandGate('no-bad', '! grep -q bad b.txt') }
        });
        memory = await ProjectMemory.open(fixture.project.workspace, { watch: false });
        await memory.add({ kind: 'convention', title: 'Greetings use capybara emoji', body: 'Every greeting ends with a capybara.' });
        (fixture.manager as unknown as { memory: ProjectMemory }).memory = memory;
    });
    after(async () => {
        memory.close();
        await fixture.close();
    });

    it('gives the agent memory_search over the project memory', async () => {
        fixture.script('memory', [
            { content: [toolUse('memory_search', { query: 'greeting capybara' })] },
            { content: [text('Noted.')] }
        ]);
        const id = (await fixture.manager.create({ text: 'script:memory' })).id;
        const task = await waitForTask(fixture.manager, id, ['awaiting review', 'failed']);
        const result = task.steps.find(step => step.kind === 'tool-result' && step.tool === 'memory_search')!;
        assert.equal(result.isError, false, result.text);
        assert.match(result.text, /\[convention\] «Greetings» use «capybara» emoji \(id greetings-use-capybara-emoji-/);
        const tools = fixture.fake.requests.find(request => request.body.messages?.[0].content === 'script:memory')!.body.tools as { name: string }[];
        assert.deepEqual(tools.map(tool => tool.name).sort(), [
            'edit_file', 'kill_process', 'list_directory', 'memory_search', 'read_process_output', 'read_text_file',
            'run_command', 'search_files', 'write_file'
        ]);
        await fixture.manager.reject(id);
    });

    it('runs the gates on the accepted files only, and applies only those', async () => {
        fixture.script('partial', [
            { content: [toolUse('write_file', { path: 'a.txt', content: 'good\n' }), toolUse('write_file', { path: 'b.txt', content: 'bad\n' })] },
            { content: [text('done')] }
        ]);
        const id = (await fixture.manager.create({ text: 'script:partial' })).id;
        await waitForTask(fixture.manager, id, ['awaiting review']);
        assert.equal((await fixture.manager.runGates(id)).passed, false, 'with both files the gate fails');

        const task = await fixture.manager.setFileDecision(id, 'b.txt', 'rejected');
        assert.deepEqual(task.files.map(file => [file.path, file.decision]), [['a.txt', 'accepted'], ['b.txt', 'rejected']]);
        const result = await fixture.manager.apply(id);
        assert.equal(result.applied, true, result.reason);
        assert.deepEqual(result.files, ['a.txt']);
        assert.equal(await fixture.project.read('a.txt'), 'good\n');
        assert.equal(await fixture.project.read('b.txt'), 'b\n');
        const siblings = await fs.readdir(fixture.project.scratchBase);
        assert.deepEqual(siblings.filter(name => name.includes(id)), [], 'scratch, gate copy and empty file are all removed');
    });

    it('refuses to apply when every file is rejected', async () => {
        fixture.script('none', [
            { content: [toolUse('write_file', { path: 'a.txt', content: 'x\n' })] },
            { content: [text('done')] }
        ]);
        const id = (await fixture.manager.create({ text: 'script:none' })).id;
        await waitForTask(fixture.manager, id, ['awaiting review']);
        await fixture.manager.setFileDecision(id, 'a.txt', 'rejected');
        const result = await fixture.manager.apply(id);
        assert.equal(result.applied, false);
        assert.match(result.reason!, /no file is accepted/);
        await fixture.manager.cancel(id);
        assert.equal((await fixture.manager.get(id)).status, 'cancelled');
    });

    it('a restarted backend lists the recorded tasks and fails those that were still running', async () => {
        const records = path.join(fixture.project.workspace, '.ide/tasks');
        const ended = (await fixture.manager.list()).map(task => task.id);
        const interrupted: TaskRecordFile = {
            ...JSON.parse(await fs.readFile(path.join(records, `${ended[0]}.json`), 'utf8')),
            id: 'task-interrupted', status: 'running', outcome: undefined, endedAt: undefined, createdAt: new Date().toISOString()
        };
        await fs.writeFile(path.join(records, 'task-interrupted.json'), JSON.stringify(interrupted));
        await fs.writeFile(path.join(records, 'garbage.json'), '{ nope');

        const restarted = new AiTaskManager({ ...(fixture.manager as unknown as { settings: AiTasksSettings }).settings }, new QualityGateRunner());
        try {
            const tasks = await restarted.list();
            assert.deepEqual(tasks.map(task => task.id).sort(), [...ended, 'task-interrupted'].sort());
            const task = await restarted.get('task-interrupted');
            assert.equal(task.status, 'failed');
            assert.equal(task.reason, 'the IDE backend stopped while the task was running');
            assert.equal(JSON.parse(await fs.readFile(path.join(records, 'task-interrupted.json'), 'utf8')).outcome, 'failed');
        } finally {
            await restarted.dispose();
        }
    });
});
