import { TailBuffer } from './tail-buffer';
import { completeCharactersLength, leadingContinuationBytes } from './utf8';

export interface OutputSlice {
    text: string;
    /** Stream offset of the first byte in text. */
    from: number;
    /** Where the next read continues. */
    nextOffset: number;
    /** Bytes after the requested offset that were dropped before they could be read (only the tail is kept). */
    droppedBytes: number;
}

/**
 * The output from stream offset `offset` on, cut at character boundaries. While the process runs,
 * a character whose bytes have not all arrived is left for the next read.
 */
export function readOutput(output: TailBuffer, offset: number, running: boolean): OutputSlice {
    let bytes = output.bytesFrom(offset);
    let from = Math.max(offset, output.startOffset);
    const droppedBytes = from - offset;
    if (droppedBytes > 0) {
        const partial = leadingContinuationBytes(bytes);
        bytes = bytes.subarray(partial);
        from += partial;
    }
    if (running) {
        bytes = bytes.subarray(0, completeCharactersLength(bytes));
    }
    return { text: bytes.toString('utf8'), from, nextOffset: from + bytes.length, droppedBytes };
}
