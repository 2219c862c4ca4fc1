/*
 * How text becomes search terms, shared by the index and the snippet highlighter so that
 * what was matched is what gets marked: runs of letters and digits, lowercased, accents removed.
 */

const TOKEN = /[\p{L}\p{N}]+/gu;
const MAX_TERM_LENGTH = 64;
/** ASCII has nothing to decompose or strip, so most tokens skip normalize() (the snippets tokenize each hit's body). */
const NOT_ASCII = /[^\x00-\x7f]/;

export function tokenize(text: string): string[] {
    return text.match(TOKEN) ?? [];
}

export function processTerm(token: string): string | null {
    if (token.length > MAX_TERM_LENGTH) {
        return null;
    }
    return NOT_ASCII.test(token) ? token.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase() : token.toLowerCase();
}

export interface TokenPosition {
    term: string;
    start: number;
    end: number;
}

export function tokenPositions(text: string): TokenPosition[] {
    const positions: TokenPosition[] = [];
    for (const match of text.matchAll(TOKEN)) {
        const term = processTerm(match[0]);
        if (term) {
            positions.push({ term, start: match.index, end: match.index + match[0].length });
        }
    }
    return positions;
}
