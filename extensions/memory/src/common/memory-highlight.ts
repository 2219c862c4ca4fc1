/** Matched terms in titles and snippets are wrapped in these; literal ones in the text are replaced by ‹ and ›. */
export const HIGHLIGHT_START = '«';
export const HIGHLIGHT_END = '»';

export interface HighlightPart {
    text: string;
    highlighted: boolean;
}

/** Splits `a «b» c` into plain and highlighted parts, for rendering. */
export function splitHighlights(marked: string): HighlightPart[] {
    const parts: HighlightPart[] = [];
    let rest = marked;
    while (rest.length > 0) {
        const start = rest.indexOf(HIGHLIGHT_START);
        const end = start < 0 ? -1 : rest.indexOf(HIGHLIGHT_END, start + 1);
        if (start < 0 || end < 0) {
            parts.push({ text: rest, highlighted: false });
            break;
        }
        if (start > 0) {
            parts.push({ text: rest.slice(0, start), highlighted: false });
        }
        parts.push({ text: rest.slice(start + 1, end), highlighted: true });
        rest = rest.slice(end + 1);
    }
    return parts;
}
