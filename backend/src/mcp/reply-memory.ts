/**
 * A gateway-wide cap on the bytes of sandbox answers held in memory at once (tool results are
 * buffered line by line), so that sandboxes answering huge lines together cannot grow the gateway.
 */
export class ReplyMemory {
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
