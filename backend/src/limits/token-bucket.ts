/** A rate limit: `burst` at once, refilled at `perSecond`. */
export class TokenBucket {
    private tokens: number;
    private updatedAt: number;

    constructor(private readonly burst: number, private readonly perSecond: number, private readonly now = () => Date.now()) {
        this.tokens = burst;
        this.updatedAt = now();
    }

    /** Takes one token if there is one. */
    take(): boolean {
        const now = this.now();
        this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
        this.updatedAt = now;
        if (this.tokens < 1) {
            return false;
        }
        this.tokens -= 1;
        return true;
    }

    /** Seconds until the next token. */
    get retryAfterSeconds(): number {
        return Math.max(1, Math.ceil((1 - this.tokens) / this.perSecond));
    }
}
