import type { IncomingMessage } from 'http';
import type { Readable } from 'stream';

export class RequestBodyTooLargeError extends Error {
    constructor(readonly limit: number) {
        super(`the body is larger than ${limit} bytes`);
    }
}

/** Reads a whole body, refusing (before reading, when Content-Length says so) more than `limit` bytes. */
export function readRequestBody(req: IncomingMessage, limit: number): Promise<Buffer> {
    if (Number(req.headers['content-length']) > limit) {
        return Promise.reject(new RequestBodyTooLargeError(limit));
    }
    return readBounded(req, limit);
}

/** Reads a stream to its end, failing as soon as it goes past `limit` bytes (the rest is not buffered). */
export function readBounded(stream: Readable, limit: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let received = 0;
        const onData = (chunk: Buffer): void => {
            received += chunk.length;
            if (received > limit) {
                stream.off('data', onData);
                reject(new RequestBodyTooLargeError(limit));
                return;
            }
            chunks.push(chunk);
        };
        stream.on('data', onData);
        stream.once('end', () => resolve(Buffer.concat(chunks)));
        stream.once('error', reject);
        stream.once('close', () => reject(new Error('the other side went away while sending')));
    });
}

export class LineTooLongError extends Error {
    constructor(readonly limit: number) {
        super(`a line is longer than ${limit} bytes`);
    }
}

/**
 * Splits a stream into newline-terminated lines, each at most `maxLineBytes` (a longer one fails
 * the stream with LineTooLongError before it is all buffered). Lines are given without the newline.
 */
export class LineSplitter {
    private pending: Buffer[] = [];
    private pendingLength = 0;

    constructor(private readonly maxLineBytes: number) { }

    /** The complete lines in `chunk` (and what was pending before it). */
    push(chunk: Buffer): Buffer[] {
        const lines: Buffer[] = [];
        let start = 0;
        for (let newline = chunk.indexOf(0x0a); newline >= 0; newline = chunk.indexOf(0x0a, start)) {
            this.append(chunk.subarray(start, newline));
            lines.push(this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending));
            this.pending = [];
            this.pendingLength = 0;
            start = newline + 1;
        }
        if (start < chunk.length) {
            this.append(chunk.subarray(start));
        }
        return lines;
    }

    get pendingBytes(): number {
        return this.pendingLength;
    }

    private append(part: Buffer): void {
        this.pendingLength += part.length;
        if (this.pendingLength > this.maxLineBytes) {
            throw new LineTooLongError(this.maxLineBytes);
        }
        this.pending.push(part);
    }
}

/** JSON.parse that returns undefined instead of throwing. */
export function parseJsonOrUndefined(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}
