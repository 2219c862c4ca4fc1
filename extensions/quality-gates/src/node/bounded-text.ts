import { formatSize } from '@ide/sandbox-mcp/lib/common/formatting';

/** Most characters of log a gate result keeps. */
export const MAX_LOG_CHARS = 64 * 1024;

/**
 * The last maxChars of text; when cut, a first line says how much was dropped.
 * totalBytes: how long the whole output was, when text itself is already only its tail.
 */
export function boundedLog(text: string, maxChars = MAX_LOG_CHARS, totalBytes?: number): string {
    const alreadyCut = totalBytes !== undefined && totalBytes > Buffer.byteLength(text);
    if (text.length <= maxChars && !alreadyCut) {
        return text;
    }
    let tail = text.length > maxChars ? text.slice(text.length - maxChars) : text;
    const newline = tail.indexOf('\n');
    if (newline >= 0 && newline < 200 && text.length > maxChars) {
        tail = tail.slice(newline + 1);
    }
    const total = totalBytes ?? Buffer.byteLength(text);
    return `[log cut: showing the last ${formatSize(Buffer.byteLength(tail))} of ${formatSize(total)}]\n${tail}`;
}

export function shellQuote(word: string): string {
    return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
