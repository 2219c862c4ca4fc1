/** Helpers for cutting UTF-8 byte buffers without splitting a character. */

function isContinuationByte(byte: number): boolean {
    return (byte & 0xc0) === 0x80;
}

/** How many leading bytes are continuation bytes of a character that started before the buffer. */
export function leadingContinuationBytes(bytes: Uint8Array): number {
    let count = 0;
    while (count < bytes.length && count < 3 && isContinuationByte(bytes[count])) {
        count++;
    }
    return count;
}

/** The length of the longest prefix that does not end inside a multi-byte character. */
export function completeCharactersLength(bytes: Uint8Array): number {
    for (let back = 1; back <= Math.min(4, bytes.length); back++) {
        const byte = bytes[bytes.length - back];
        if (isContinuationByte(byte)) {
            continue;
        }
        const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
        return needed > back ? bytes.length - back : bytes.length;
    }
    return bytes.length;
}
