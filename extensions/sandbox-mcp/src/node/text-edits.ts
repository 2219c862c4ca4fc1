import { ToolError } from './tool-error';

export interface TextEdit {
    oldText: string;
    newText: string;
}

/**
 * Applies exact-text replacements in order; each oldText must occur exactly once in the text the
 * previous edits left. In a CRLF file, oldText/newText written with LF line ends match too.
 */
export function applyTextEdits(original: string, edits: TextEdit[], fileLabel: string): string {
    const crlf = original.includes('\r\n');
    return edits.reduce((text, edit, index) => {
        const { oldText, newText } = crlf && !text.includes(edit.oldText) ? toCrlf(edit) : edit;
        const occurrences = countOccurrences(text, oldText);
        if (occurrences === 0) {
            const after = index > 0 ? ' (after applying the edits before it)' : '';
            throw new ToolError(`edits[${index}].oldText was not found in ${fileLabel}${after}; it must match the file exactly, whitespace included`);
        }
        if (occurrences > 1) {
            throw new ToolError(`edits[${index}].oldText is ambiguous: it occurs ${occurrences} times in ${fileLabel}; ` +
                'include more surrounding text so that it occurs exactly once');
        }
        const at = text.indexOf(oldText);
        return text.slice(0, at) + newText + text.slice(at + oldText.length);
    }, original);
}

function toCrlf(edit: TextEdit): TextEdit {
    const convert = (text: string) => text.replace(/\r?\n/g, '\r\n');
    return { oldText: convert(edit.oldText), newText: convert(edit.newText) };
}

/** Overlapping occurrences count: "aa" occurs twice in "aaa". */
function countOccurrences(text: string, search: string): number {
    let count = 0;
    for (let at = text.indexOf(search); at !== -1; at = text.indexOf(search, at + 1)) {
        count++;
    }
    return count;
}
