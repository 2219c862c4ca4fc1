import { randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { BoundedQueue } from '../limits/bounded-queue.js';

const KEY_LENGTH = 32;
/** About 0.13 s of one core and 32 MiB (128·N·r) per hash on the machines we measured. */
const COST = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } satisfies ScryptOptions;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * scrypt runs on libuv's threadpool (UV_THREADPOOL_SIZE, 4 by default), which also does every
 * file read and write of the gateway (the store, the logs). Unbounded, a burst of sign-ins fills
 * the pool and everyone's requests wait behind it (200 at once stalled a token creation for 25 s).
 * So hashes take turns: no more at once than the cores (more would not finish sooner) and half
 * the pool (the other half stays free for file I/O); 2 on a 2-core machine with the default pool.
 * With that, a bigger pool did not help (the same flood: signed-in p99 77 ms with 4 threads, 106 ms
 * with 8, on a shared 2-core machine), so the default stays. An operator may still raise it, in the
 * environment only: the ES module loader starts the pool before main.js runs, so setting it from
 * code is too late (measured).
 */
const THREADPOOL_SIZE = Number(process.env.UV_THREADPOOL_SIZE) || 4;
export const HASHING_SLOTS = Math.max(1, Math.min(availableParallelism(), Math.floor(THREADPOOL_SIZE / 2)));
/** Waiting sign-ins beyond the running ones; 16 per slot is answered within about 2 s. */
export const HASHING_QUEUE_LENGTH = 16 * HASHING_SLOTS;

/** Every slot and the waiting line are taken: try again in a few seconds. No hash was computed. */
export class PasswordHashingBusy extends Error {
    constructor() {
        super('The server is busy checking passwords. Try again in a few seconds.');
    }
}

const hashing = new BoundedQueue({ concurrency: HASHING_SLOTS, maxWaiting: HASHING_QUEUE_LENGTH, whenFull: () => new PasswordHashingBusy() });

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
    return hashing.run(() => new Promise((resolve, reject) =>
        scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => error ? reject(error) : resolve(key))));
}

function format(salt: Buffer, key: Buffer): string {
    return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * Compared against when the user does not exist, so an unknown name costs one hash like a known
 * one and timing does not reveal usernames. No password derives an all-zero key.
 */
export const UNMATCHABLE_HASH = format(Buffer.alloc(16), Buffer.alloc(KEY_LENGTH));

/**
 * Format: scrypt$N$r$p$salt$key (base64url), so the cost can be raised later without breaking old hashes.
 * Rejects with PasswordHashingBusy when too many hashes are already under way.
 */
export async function hashPassword(password: string): Promise<string> {
    const salt = randomBytes(16);
    return format(salt, await derive(password, salt, COST));
}

/** Rejects with PasswordHashingBusy when too many hashes are already under way. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, key] = stored.split('$');
    if (scheme !== 'scrypt' || !salt || !key || password.length > MAX_PASSWORD_LENGTH) {
        return false;
    }
    const expected = Buffer.from(key, 'base64url');
    const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p), maxmem: COST.maxmem });
    return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Checks a new password; returns the problem in words, or undefined when acceptable. */
export function passwordProblem(password: string): string | undefined {
    if (password.length < MIN_PASSWORD_LENGTH) {
        return `password must have at least ${MIN_PASSWORD_LENGTH} characters`;
    }
    if (password.length > MAX_PASSWORD_LENGTH) {
        return `password must have at most ${MAX_PASSWORD_LENGTH} characters`;
    }
    return undefined;
}

export function generatePassword(): string {
    return randomBytes(15).toString('base64url');
}
