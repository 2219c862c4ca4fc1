import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { commandGate, TaskFixture, taskFixture, text, toolUse, waitForTask } from '../test-helpers/ai-tasks';

describe('an AI task whose change fails a gate and is fixed by auto-fix', () => {
    let fixture: TaskFixture;
    let taskId: string;

    before(async () => {
        fixture = await taskFixture({
            files: {
                'src/app.sh': 'echo start\n',
                '.ide/gates.json': commandGate('no-fixme', '! grep -n FIXME src/*.sh')
            }
        });
        fixture.script('auto-fix', [
            { content: [toolUse('write_file', { path: 'src/app.sh', content: 'echo start\necho done # FIXME tidy up\n' })] },
            { content: [text('Added the done line.')] },
            // the auto-fix round: the gate failures arrive as the next user message
            { content: [text('The gate forbids FIXME; removing it.'), toolUse('edit_file', { path: 'src/app.sh', edits: [{ oldText: ' # FIXME tidy up', newText: '' }] })] },
            { content: [text('Removed the FIXME.')] }
        ]);
    });
    after(() => fixture.close());

    it('refuses to apply while the gate fails and shows the failure', async () => {
        taskId = (await fixture.manager.create({ text: 'Print done at the end. script:auto-fix' })).id;
        await waitForTask(fixture.manager, taskId, ['awaiting review']);
        const result = await fixture.manager.apply(taskId);
        assert.equal(result.applied, false);
        assert.match(result.reason!, /quality gates failed/);
        const gate = result.gateRun!.gates.find(candidate => candidate.gate === 'no-fixme')!;
        assert.equal(gate.status, 'fail');
        assert.match(gate.log, /FIXME tidy up/);
        assert.equal(await fixture.project.read('src/app.sh'), 'echo start\n', 'nothing was applied');

        const task = await fixture.manager.get(taskId);
        assert.equal(task.status, 'awaiting review');
        assert.equal(task.gates, 'fail');
        assert.equal(task.canAutoFix, true);
    });

    it('sends the failures back to the agent, whose fix passes the gates and applies', async () => {
        await fixture.manager.autoFix(taskId);
        const task = await waitForTask(fixture.manager, taskId, ['awaiting review', 'failed'], 30_000, candidate => candidate.gates !== 'not-run');
        assert.equal(task.status, 'awaiting review', task.reason);
        assert.equal(task.autoFixRounds, 1);
        assert.equal(task.gates, 'pass', JSON.stringify(task.gateRun));
        assert.ok(task.steps.some(step => step.round === 1 && step.kind === 'tool-call' && step.tool === 'edit_file'));

        const autoFixRequest = fixture.fake.requests.filter(request => request.path === '/v1/messages')[2];
        const lastMessage = autoFixRequest.body.messages!.at(-1)!;
        assert.equal(lastMessage.role, 'user');
        assert.match(String(lastMessage.content), /gate "no-fixme": fail/);
        assert.match(String(lastMessage.content), /FIXME tidy up/);

        const result = await fixture.manager.apply(taskId);
        assert.equal(result.applied, true, result.reason);
        assert.equal(await fixture.project.read('src/app.sh'), 'echo start\necho done\n');
        assert.equal((await fixture.manager.get(taskId)).usage.turns, 4);
    });

    it('bounds auto-fix rounds', async () => {
        fixture.script('endless-fixme', [
            { content: [toolUse('write_file', { path: 'src/app.sh', content: 'FIXME 1\n' })] },
            { content: [text('done')] },
            { content: [toolUse('write_file', { path: 'src/app.sh', content: 'FIXME 2\n' })] },
            { content: [text('done')] },
            { content: [toolUse('write_file', { path: 'src/app.sh', content: 'FIXME 3\n' })] },
            { content: [text('done')] }
        ]);
        const id = (await fixture.manager.create({ text: 'script:endless-fixme' })).id;
        await waitForTask(fixture.manager, id, ['awaiting review']);
        assert.equal((await fixture.manager.runGates(id)).passed, false);
        for (const round of [1, 2]) {
            await fixture.manager.autoFix(id);
            const task = await waitForTask(fixture.manager, id, ['awaiting review'], 30_000, candidate => candidate.gates === 'fail');
            assert.equal(task.autoFixRounds, round);
        }
        assert.equal((await fixture.manager.get(id)).canAutoFix, false);
        await assert.rejects(fixture.manager.autoFix(id), /limited to 2 rounds/);
        await fixture.manager.reject(id);
        assert.equal((await fixture.manager.get(id)).status, 'rejected');
        assert.equal(await fixture.project.read('src/app.sh'), 'echo start\necho done\n');
    });
});
