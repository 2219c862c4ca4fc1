import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { readBounded, RequestBodyTooLargeError } from '@ide/sandbox-contract';

/**
 * A gateway-wide cap on bytes held in memory at once for one purpose (tool results buffered line
 * by line, model requests read whole), so that sandboxes sending large ones together cannot grow
 * the gateway: what does not fit fails at once and is retried by its sender.
 */
export class MemoryBudget {
    private held = 0;

    constructor(readonly limitBytes: number) { }

    reserve(bytes: number): boolean {
        if (this.held + bytes > this.limitBytes) {
            return false;
        }
        this.held += bytes;
        return true;
    }

    release(bytes: number): void {
        this.held = Math.max(0, this.held - bytes);
    }

    get heldBytes(): number {
        return this.held;
    }
}

export class BudgetExhausted extends Error { }

/**
 * Reads a body of at most `limit` bytes, counting it against `budget` as it arrives; `release`
 * gives the bytes back once the caller is done with the body.
 */
export async function readBodyWithin(req: IncomingMessage, limit: number, budget: MemoryBudget): Promise<{ body: Buffer; release(): void }> {
    let held = 0;
    const release = (): void => {
        budget.release(held);
        held = 0;
    };
    const counted = new Transform({
        transform(chunk: Buffer, _encoding, done) {
            if (!budget.reserve(chunk.length)) {
                done(new BudgetExhausted('the gateway is holding too many large requests right now; try again shortly'));
                return;
            }
            held += chunk.length;
            done(null, chunk);
        }
    });
    req.on('error', error => counted.destroy(error));
    req.pipe(counted);
    try {
        if (Number(req.headers['content-length']) > limit) {
            throw new RequestBodyTooLargeError(limit);
        }
        return { body: await readBounded(counted, limit), release };
    } catch (error) {
        release();
        req.resume();
        throw error;
    }
}
