const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Parses Docker-style sizes ("512m", "2g", "1048576") into bytes; undefined when malformed. */
export function parseByteSize(value: string | number): number | undefined {
    if (typeof value === 'number') {
        return Number.isSafeInteger(value) && value > 0 ? value : undefined;
    }
    const match = /^\s*(\d+(?:\.\d+)?)\s*([bkmgt]?)i?b?\s*$/i.exec(value);
    if (!match) {
        return undefined;
    }
    const bytes = Math.round(Number(match[1]) * UNITS[match[2].toLowerCase()]);
    return bytes > 0 ? bytes : undefined;
}
