import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { TaskFixture, taskFixture, text, toolUse, waitForTask } from '../test-helpers/ai-tasks';

const LINES = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].map(line => `${line}\n`).join('');

describe('files the user changed in the workspace after the task started', () => {
    let fixture: TaskFixture;

    before(async () => {
        fixture = await taskFixture({ files: { 'a.txt': 'original\n', 'b.txt': LINES, 'c.txt': 'c\n' } });
        fixture.script('stale', [
            {
                content: [
                    toolUse('write_file', { path: 'a.txt', content: 'agent version\n' }),
                    toolUse('edit_file', { path: 'b.txt', edits: [{ oldText: 'one\n', newText: 'ONE\n' }] }),
                    toolUse('write_file', { path: 'c.txt', content: 'agent c\n' })
                ]
            },
            { content: [text('done')] }
        ]);
    });
    after(() => fixture.close());

    it('marks them stale, refuses to apply them and does not overwrite them', async () => {
        const id = (await fixture.manager.create({ text: 'script:stale' })).id;
        let task = await waitForTask(fixture.manager, id, ['awaiting review']);
        assert.deepEqual(task.files.map(file => [file.path, file.stale]), [['a.txt', false], ['b.txt', false], ['c.txt', false]]);

        await fixture.project.write('a.txt', 'user version\n');
        await fixture.project.write('b.txt', LINES.replace('ten\n', 'TEN\n'));
        task = await fixture.manager.get(id);
        assert.deepEqual(task.files.map(file => [file.path, file.stale]), [['a.txt', true], ['b.txt', true], ['c.txt', false]]);
        assert.match(task.files[0].diff, /^-user version$/m, 'the diff is against the workspace as it is now');

        const refused = await fixture.manager.apply(id);
        assert.equal(refused.applied, false);
        assert.equal(refused.reason, 'changed in the workspace since the task started (stale): a.txt, b.txt. Re-base or override them, or reject them');
        assert.equal(refused.gateRun, undefined, 'the gates did not even run');
        assert.equal(await fixture.project.read('a.txt'), 'user version\n');
        assert.equal(await fixture.project.read('c.txt'), 'c\n', 'nothing at all was applied');

        // re-base: the agent's change of line 1 goes on top of the user's change of line 10
        task = await fixture.manager.rebaseFile(id, 'b.txt');
        assert.equal(task.files.find(file => file.path === 'b.txt')!.stale, false);
        await assert.rejects(fixture.manager.rebaseFile(id, 'a.txt'), /a.txt: the agent's change conflicts with the later change in the workspace/);

        // a.txt is neither re-based nor overridden: rejecting it lets the rest apply
        await fixture.manager.setFileDecision(id, 'a.txt', 'rejected');
        const result = await fixture.manager.apply(id);
        assert.equal(result.applied, true, result.reason);
        assert.deepEqual(result.files.sort(), ['b.txt', 'c.txt']);
        assert.equal(await fixture.project.read('a.txt'), 'user version\n');
        assert.equal(await fixture.project.read('b.txt'), LINES.replace('one\n', 'ONE\n').replace('ten\n', 'TEN\n'));
        assert.equal(await fixture.project.read('c.txt'), 'agent c\n');
    });

    it('overwrites a stale file only when the user overrides it explicitly', async () => {
        fixture.script('override', [
            { content: [toolUse('write_file', { path: 'c.txt', content: 'agent again\n' })] },
            { content: [text('done')] }
        ]);
        const id = (await fixture.manager.create({ text: 'script:override' })).id;
        await waitForTask(fixture.manager, id, ['awaiting review']);
        await fixture.project.write('c.txt', 'user again\n');
        assert.equal((await fixture.manager.apply(id)).applied, false);
        assert.equal(await fixture.project.read('c.txt'), 'user again\n');

        await fixture.manager.overrideStale(id, 'c.txt', true);
        const result = await fixture.manager.apply(id);
        assert.equal(result.applied, true, result.reason);
        assert.equal(await fixture.project.read('c.txt'), 'agent again\n');
    });

    it('refuses a file the user creates at a path the agent added, unless overridden by apply_task', async () => {
        fixture.script('added', [
            { content: [toolUse('write_file', { path: 'new/d.txt', content: 'agent d\n' })] },
            { content: [text('done')] }
        ]);
        const id = (await fixture.manager.create({ text: 'script:added' })).id;
        await waitForTask(fixture.manager, id, ['awaiting review']);
        await fixture.project.write('new/d.txt', 'user d\n');
        assert.deepEqual((await fixture.manager.get(id)).files.map(file => [file.change, file.stale]), [['added', true]]);
        assert.equal((await fixture.manager.apply(id)).applied, false);
        assert.equal(await fixture.project.read('new/d.txt'), 'user d\n');
        const result = await fixture.manager.apply(id, { overrideStale: ['new/d.txt'] });
        assert.equal(result.applied, true, result.reason);
        assert.equal(await fixture.project.read('new/d.txt'), 'agent d\n');
    });
});
