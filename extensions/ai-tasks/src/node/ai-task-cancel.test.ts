import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs/promises';
import * as path from 'path';
import { isAlive, TaskFixture, taskFixture, text, toolUse, waitFor } from '../test-helpers/ai-tasks';

function processesWith(marker: string): string[] {
    return execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' }).split('\n')
        .filter(line => line.includes(marker) && !/^\s*\d+\s+Z/.test(line));
}

describe('cancelling an AI task', () => {
    let fixture: TaskFixture;

    before(async () => {
        fixture = await taskFixture({ files: { 'a.txt': 'a\n' } });
    });
    after(() => fixture.close());

    it('kills the command it is running (sleep 30) and ends as cancelled', async () => {
        const marker = `ai-task-cancel-${randomBytes(4).toString('hex')}`;
        fixture.script('sleepy', [
            { content: [text('Running the long command.'), toolUse('run_command', { command: `sleep 30 & echo $! > sleep.pid; wait # ${marker}`, timeoutMs: 60_000 })] },
            { content: [text('done')] }
        ]);
        const id = (await fixture.manager.create({ text: 'script:sleepy' })).id;
        const scratchRoot = path.join(fixture.project.scratchBase, id);
        await waitFor(() => fs.access(path.join(scratchRoot, 'sleep.pid')).then(() => true, () => false), 'the command to start');
        await waitFor(async () => (await fs.readFile(path.join(scratchRoot, 'sleep.pid'), 'utf8')).trim().length > 0, 'the pid');
        const sleepPid = Number((await fs.readFile(path.join(scratchRoot, 'sleep.pid'), 'utf8')).trim());
        assert.ok(await isAlive(sleepPid), 'sleep runs');
        assert.equal(processesWith(marker).length, 1, 'the shell with the marker runs');

        const began = Date.now();
        const cancelled = await fixture.manager.cancel(id);
        assert.equal(cancelled.status, 'cancelled');
        assert.ok(Date.now() - began < 5000, `cancel took ${Date.now() - began} ms`);
        await waitFor(async () => !(await isAlive(sleepPid)), 'sleep to be killed', 5000);
        // once its parent shell is gone, init reaps it: then the pid no longer exists at all
        await waitFor(() => { try { process.kill(sleepPid, 0); return false; } catch (error) { return (error as NodeJS.ErrnoException).code === 'ESRCH'; } },
            'the sleep pid to be gone', 5000);
        assert.deepEqual(processesWith(marker), []);

        const task = await fixture.manager.get(id);
        assert.equal(task.reason, 'cancelled by the user');
        assert.match(task.steps.find(step => step.kind === 'tool-result')!.text, /cancelled: the command was killed/);
        await assert.rejects(fs.access(scratchRoot), 'the scratch copy is removed');
        assert.equal(fixture.fake.requests.filter(request => request.body.messages?.[0].content === 'script:sleepy').length, 1,
            'no model request after the cancel');
        assert.equal(JSON.parse(await fixture.project.read(`.ide/tasks/${id}.json`)).outcome, 'cancelled');
    });

    it('aborts the model stream midway', async () => {
        fixture.script('slow-stream', [
            { content: [text('word '.repeat(200))], eventDelayMs: 50 },
            { content: [text('never')] }
        ]);
        const id = (await fixture.manager.create({ text: 'script:slow-stream' })).id;
        await waitFor(async () => (await fixture.manager.get(id)).steps.some(step => step.kind === 'thought' && step.text.length > 0), 'the stream');
        const began = Date.now();
        await fixture.manager.cancel(id);
        assert.ok(Date.now() - began < 2000, `cancel took ${Date.now() - began} ms`);
        const task = await fixture.manager.get(id);
        assert.equal(task.status, 'cancelled');
        const thought = task.steps.find(step => step.kind === 'thought')!;
        assert.ok(thought.text.length < 'word '.repeat(200).length, 'the stream stopped before its end');
        assert.equal(thought.streaming, undefined);
        assert.equal(task.usage.turns, 0);
    });

    it('cancels a queued task before it starts, and leaves ended tasks alone', async () => {
        const busy = await taskFixture({ files: {}, settings: { maxConcurrentTasks: 1 } });
        try {
            busy.script('slow', [{ content: [text('word '.repeat(100))], eventDelayMs: 50 }, { content: [text('done')] }]);
            const first = (await busy.manager.create({ text: 'script:slow' })).id;
            const second = await busy.manager.create({ text: 'script:slow' });
            assert.equal(second.status, 'queued');
            assert.equal((await busy.manager.cancel(second.id)).status, 'cancelled');
            assert.equal((await busy.manager.get(second.id)).reason, 'cancelled before it started');
            await busy.manager.cancel(first);
            assert.equal((await busy.manager.cancel(first)).status, 'cancelled');
        } finally {
            await busy.close();
        }
    });
});
