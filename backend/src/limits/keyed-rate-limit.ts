import type { ServerResponse } from 'node:http';
import { sendJson } from '../http/send-json.js';
import { TokenBucket } from './token-bucket.js';

/** One TokenBucket per key (a sandbox's workspace), made on first use. */
export class KeyedRateLimit {
    private readonly buckets = new Map<string, TokenBucket>();

    constructor(private readonly burst: number, private readonly perSecond: number) { }

    /** Takes a token for `key`; when there is none, answers 429 with Retry-After and `message`, and returns true. */
    refuse(key: string, res: ServerResponse, message: string): boolean {
        let bucket = this.buckets.get(key);
        if (!bucket) {
            bucket = new TokenBucket(this.burst, this.perSecond);
            this.buckets.set(key, bucket);
        }
        if (bucket.take()) {
            return false;
        }
        res.setHeader('retry-after', String(bucket.retryAfterSeconds));
        sendJson(res, 429, { error: message });
        return true;
    }
}
