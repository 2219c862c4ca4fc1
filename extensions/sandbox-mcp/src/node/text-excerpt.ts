import { FileHandle } from 'fs/promises';
import { TailBuffer } from './tail-buffer';
import { completeCharactersLength, leadingContinuationBytes } from './utf8';

const NEWLINE = 0x0a;

/** Lines `firstLine`.. (1-based) for `lineCount` lines or to the end; or the last `lineCount` lines. */
export type LineSelection =
    | { from: 'start'; firstLine: number; lineCount?: number }
    | { from: 'end'; lineCount: number };

export interface TextExcerpt {
    text: string;
    /** The selection was longer than the byte limit and was cut (at a line boundary when there is one). */
    truncated: boolean;
    /** The lines shown; lastLine < firstLine when none are. */
    firstLine: number;
    lastLine: number;
    totalLines: number;
    totalBytes: number;
}

/**
 * Reads the selected lines of an opened file in one streaming pass (two for `from: 'end'`, which first
 * counts lines), holding at most `maxBytes` of it: a huge file costs time, not memory.
 */
export async function readTextExcerpt(file: FileHandle, selection: LineSelection, maxBytes: number): Promise<TextExcerpt> {
    let firstLine: number;
    let lastLine: number;
    if (selection.from === 'end') {
        const { totalLines } = await scanLines(file, 1, 0, () => undefined);
        firstLine = Math.max(1, totalLines - selection.lineCount + 1);
        lastLine = Infinity;
    } else {
        firstLine = selection.firstLine;
        lastLine = selection.lineCount === undefined ? Infinity : firstLine + selection.lineCount - 1;
    }
    const keepEnd = selection.from === 'end';
    const collector = keepEnd ? new TailBuffer(maxBytes) : new HeadBuffer(maxBytes);
    const { totalLines, totalBytes } = await scanLines(file, firstLine, lastLine, bytes => collector.append(bytes));

    const truncated = collector.truncated;
    let bytes = collector.bytes();
    if (truncated) {
        bytes = keepEnd ? dropPartialFirstLine(bytes) : dropPartialLastLine(bytes);
    }
    const shown = countLines(bytes);
    const selectedLast = Math.min(lastLine, totalLines);
    const shownFirst = keepEnd ? selectedLast - shown + 1 : firstLine;
    return {
        text: bytes.toString('utf8'),
        truncated,
        firstLine: shownFirst,
        lastLine: shownFirst + shown - 1,
        totalLines,
        totalBytes
    };
}

/** Streams the file, passing on the bytes of lines firstLine..lastLine and counting all lines. */
async function scanLines(file: FileHandle, firstLine: number, lastLine: number, sink: (bytes: Buffer) => void): Promise<{ totalLines: number; totalBytes: number }> {
    let line = 1;
    let totalBytes = 0;
    let lastByte = NEWLINE;
    for await (const chunk of file.createReadStream({ start: 0, highWaterMark: 1024 * 1024, autoClose: false }) as AsyncIterable<Buffer>) {
        totalBytes += chunk.length;
        lastByte = chunk[chunk.length - 1];
        let position = 0;
        while (position < chunk.length) {
            const newline = chunk.indexOf(NEWLINE, position);
            const end = newline === -1 ? chunk.length : newline + 1;
            if (line >= firstLine && line <= lastLine) {
                sink(chunk.subarray(position, end));
            }
            if (newline !== -1) {
                line++;
            }
            position = end;
        }
    }
    const totalLines = line - 1 + (lastByte === NEWLINE ? 0 : 1);
    return { totalLines, totalBytes };
}

class HeadBuffer {
    private chunks: Buffer[] = [];
    private keptBytes = 0;
    truncated = false;

    constructor(private readonly capacity: number) { }

    append(chunk: Buffer): void {
        const room = this.capacity - this.keptBytes;
        if (chunk.length > room) {
            this.truncated = true;
        }
        if (room > 0) {
            const kept = chunk.subarray(0, room);
            // A copy, so that the kept bytes do not pin the stream's whole 1 MiB chunk.
            this.chunks.push(Buffer.from(kept));
            this.keptBytes += kept.length;
        }
    }

    bytes(): Buffer {
        return Buffer.concat(this.chunks);
    }
}

function dropPartialLastLine(bytes: Buffer): Buffer {
    const lastNewline = bytes.lastIndexOf(NEWLINE);
    return lastNewline >= 0 ? bytes.subarray(0, lastNewline + 1) : bytes.subarray(0, completeCharactersLength(bytes));
}

function dropPartialFirstLine(bytes: Buffer): Buffer {
    const firstNewline = bytes.indexOf(NEWLINE);
    return firstNewline >= 0 && firstNewline < bytes.length - 1
        ? bytes.subarray(firstNewline + 1)
        : bytes.subarray(leadingContinuationBytes(bytes));
}

function countLines(bytes: Buffer): number {
    let lines = 0;
    for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) {
        lines++;
    }
    return bytes.length > 0 && bytes[bytes.length - 1] !== NEWLINE ? lines + 1 : lines;
}
