import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoundedQueue } from '../../src/limits/bounded-queue.js';

class Full extends Error { }

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<void>((ok, fail) => { resolve = ok; reject = fail; });
    return { promise, resolve, reject };
}

test('a bounded queue runs a few tasks at once, lets a few wait in order, and refuses the rest at once', async () => {
    const queue = new BoundedQueue({ concurrency: 2, maxWaiting: 2, whenFull: () => new Full() });
    const started: number[] = [];
    const gates = Array.from({ length: 4 }, deferred);
    const runs = gates.map((gate, i) => queue.run(async () => { started.push(i); await gate.promise; return i; }));
    await new Promise(resolve => setImmediate(resolve));
    assert.deepEqual(started, [0, 1]);
    assert.deepEqual(queue.stats, { running: 2, waiting: 2 });

    let ran = false;
    await assert.rejects(queue.run(async () => { ran = true; }), Full);
    assert.equal(ran, false, 'a refused task never runs');

    gates[1].reject(new Error('task failed'));
    await assert.rejects(runs[1], /task failed/);
    await new Promise(resolve => setImmediate(resolve));
    assert.deepEqual(started, [0, 1, 2], 'a failed task frees its slot for the first in line');

    gates.forEach(gate => gate.resolve());
    assert.deepEqual(await Promise.all([runs[0], runs[2], runs[3]]), [0, 2, 3]);
    assert.deepEqual(queue.stats, { running: 0, waiting: 0 });
});
