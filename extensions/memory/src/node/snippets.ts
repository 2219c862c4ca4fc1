import { HIGHLIGHT_END, HIGHLIGHT_START } from '../common/memory-highlight';
import { TokenPosition, tokenPositions } from './search-terms';

export const SNIPPET_LENGTH = 220;
/** Context kept before the first match of a snippet. */
const LEAD = 50;
/** Snippets look at most this far into a long body for matches. */
const MAX_SCANNED = 200_000;

/** The whole text with every token whose term is in `terms` wrapped in «». */
export function highlight(text: string, terms: ReadonlySet<string>): string {
    const clean = sanitize(text);
    return mark(clean, tokenPositions(clean).filter(token => terms.has(token.term)), 0, clean.length);
}

/**
 * An excerpt of about SNIPPET_LENGTH characters around the densest cluster of matched terms,
 * whitespace collapsed, matches marked, `…` where the text was cut. Without matches: the start.
 */
export function snippet(text: string, terms: ReadonlySet<string>, length = SNIPPET_LENGTH): string {
    const clean = sanitize(text.length > MAX_SCANNED ? text.slice(0, MAX_SCANNED) : text).replace(/\s+/g, ' ').trim();
    const matches = terms.size > 0 ? tokenPositions(clean).filter(token => terms.has(token.term)) : [];
    let start = 0;
    if (matches.length > 0) {
        const first = densestWindowStart(matches, length);
        start = Math.max(0, matches[first].start - LEAD);
        if (start > 0) {
            const space = clean.indexOf(' ', start);
            start = space >= 0 && space < matches[first].start ? space + 1 : start;
        }
    }
    let end = Math.min(clean.length, start + length);
    if (end < clean.length) {
        const space = clean.lastIndexOf(' ', end);
        end = space > start + length / 2 ? space : end;
    }
    const inside = matches.filter(token => token.start >= start && token.end <= end);
    return (start > 0 ? '…' : '') + mark(clean, inside, start, end) + (end < clean.length ? '…' : '');
}

/** Index of the match that starts the window of `length` characters holding the most matches (distinct terms first). */
function densestWindowStart(matches: TokenPosition[], length: number): number {
    let best = 0;
    let bestScore = -1;
    for (let i = 0; i < matches.length; i++) {
        const terms = new Set<string>();
        let count = 0;
        for (let j = i; j < matches.length && matches[j].end - matches[i].start <= length - LEAD; j++) {
            terms.add(matches[j].term);
            count++;
        }
        const score = terms.size * 1000 + count;
        if (score > bestScore) {
            best = i;
            bestScore = score;
        }
    }
    return best;
}

function mark(text: string, tokens: TokenPosition[], start: number, end: number): string {
    let result = '';
    let position = start;
    for (const token of tokens) {
        result += text.slice(position, token.start) + HIGHLIGHT_START + text.slice(token.start, token.end) + HIGHLIGHT_END;
        position = token.end;
    }
    return result + text.slice(position, end);
}

/** Literal markers in the text would be read as highlights. */
function sanitize(text: string): string {
    return text.replaceAll(HIGHLIGHT_START, '‹').replaceAll(HIGHLIGHT_END, '›');
}
