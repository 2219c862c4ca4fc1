/**
 * Keeps the last `capacity` bytes appended and counts every byte ever appended, so that byte
 * offsets into the whole stream stay meaningful after the beginning was dropped.
 */
export class TailBuffer {
    private chunks: Buffer[] = [];
    private keptBytes = 0;
    private appendedBytes = 0;

    constructor(readonly capacity: number) { }

    append(chunk: Buffer): void {
        this.chunks.push(chunk);
        this.keptBytes += chunk.length;
        this.appendedBytes += chunk.length;
        while (this.keptBytes - this.chunks[0].length >= this.capacity) {
            this.keptBytes -= this.chunks.shift()!.length;
        }
        const excess = this.keptBytes - this.capacity;
        if (excess > 0) {
            this.chunks[0] = this.chunks[0].subarray(excess);
            this.keptBytes -= excess;
        }
    }

    get totalBytes(): number {
        return this.appendedBytes;
    }

    /** Offset (in the whole stream) of the first byte still kept. */
    get startOffset(): number {
        return this.appendedBytes - this.keptBytes;
    }

    get truncated(): boolean {
        return this.startOffset > 0;
    }

    /** All kept bytes. */
    bytes(): Buffer {
        if (this.chunks.length > 1) {
            this.chunks = [Buffer.concat(this.chunks)];
        }
        return this.chunks[0] ?? Buffer.alloc(0);
    }

    /** The kept bytes from stream offset `from` on (from the first kept byte if it was dropped). */
    bytesFrom(from: number): Buffer {
        return this.bytes().subarray(Math.max(0, Math.min(from, this.appendedBytes) - this.startOffset));
    }

    /** The last non-empty line, for progress messages. */
    lastLine(maxLength: number): string {
        const tail = this.bytesFrom(Math.max(0, this.appendedBytes - 4 * maxLength)).toString('utf8');
        const lines = tail.split(/\r?\n|\r/).map(line => line.trim()).filter(line => line.length > 0);
        const last = lines.at(-1) ?? '';
        return last.length > maxLength ? last.slice(0, maxLength - 1) + '…' : last;
    }
}
