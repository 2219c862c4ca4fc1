import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { RequestBodyTooLargeError } from '@ide/sandbox-contract';
import { BoundedQueue } from '../../src/limits/bounded-queue.js';
import { BudgetExhausted, MemoryBudget, readBodyWithin } from '../../src/limits/memory-budget.js';
import { TokenBucket } from '../../src/limits/token-bucket.js';

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

test('a memory budget holds bodies read within it, refuses what does not fit, and gets everything back', async () => {
    const budget = new MemoryBudget(1024);
    const body = (bytes: number): IncomingMessage => Object.assign(Readable.from([Buffer.alloc(bytes / 2, 'a'), Buffer.alloc(bytes / 2, 'b')]), { headers: {} }) as unknown as IncomingMessage;
    const first = await readBodyWithin(body(600), 10_000, budget);
    assert.equal(first.body.length, 600);
    assert.equal(budget.heldBytes, 600);
    await assert.rejects(readBodyWithin(body(600), 10_000, budget), BudgetExhausted);
    assert.equal(budget.heldBytes, 600, 'a refused body holds nothing');
    await assert.rejects(readBodyWithin(body(2000), 1000, new MemoryBudget(1e6)), RequestBodyTooLargeError);
    first.release();
    first.release();
    assert.equal(budget.heldBytes, 0, 'released once, however often it is called');
    assert.equal((await readBodyWithin(body(600), 10_000, budget)).body.length, 600);
});

test('a token bucket allows a burst, then a steady rate', () => {
    let now = 0;
    const bucket = new TokenBucket(3, 2, () => now);
    assert.deepEqual([bucket.take(), bucket.take(), bucket.take(), bucket.take()], [true, true, true, false]);
    assert.equal(bucket.retryAfterSeconds, 1);
    now += 500;
    assert.deepEqual([bucket.take(), bucket.take()], [true, false]);
});
