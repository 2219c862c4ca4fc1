/**
 * Runs at most `concurrency` tasks at once; up to `maxWaiting` more wait their turn, first come
 * first served. Beyond that a task is refused at once with `whenFull()`, so waiting is bounded.
 */
export class BoundedQueue {
    private running = 0;
    private readonly waiting: (() => void)[] = [];

    constructor(private readonly options: { concurrency: number; maxWaiting: number; whenFull: () => Error }) { }

    async run<T>(task: () => Promise<T>): Promise<T> {
        if (this.running < this.options.concurrency) {
            this.running++;
        } else if (this.waiting.length < this.options.maxWaiting) {
            // The finishing task hands its slot over, so `running` stays as it is.
            await new Promise<void>(resolve => this.waiting.push(resolve));
        } else {
            throw this.options.whenFull();
        }
        try {
            return await task();
        } finally {
            const next = this.waiting.shift();
            if (next) {
                next();
            } else {
                this.running--;
            }
        }
    }

    get stats(): { running: number; waiting: number } {
        return { running: this.running, waiting: this.waiting.length };
    }
}
