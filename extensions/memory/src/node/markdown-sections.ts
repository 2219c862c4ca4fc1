export interface MarkdownSection {
    /** The heading's text (inline Markdown removed); for text before the first heading, the given title. */
    heading: string;
    /** 1-6; 0 for text before the first heading. */
    level: number;
    /** 1-based line of the heading (1 for text before the first heading). */
    line: number;
    /** The lines under the heading, up to the next heading of any level. */
    text: string;
}

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Splits Markdown at its headings (ATX `#` and setext `===`/`---`), ignoring fenced code and
 * a leading front matter block, so that a search hit can point to a section and its line.
 */
export function splitMarkdownSections(markdown: string, untitled: string): MarkdownSection[] {
    const lines = markdown.replace(/^\uFEFF/, '').split(/\r?\n/);
    const sections: MarkdownSection[] = [];
    let current: MarkdownSection & { lines: string[] } = { heading: untitled, level: 0, line: 1, text: '', lines: [] };
    let fence: string | undefined;
    let previousIsParagraph = false;
    let index = skipFrontMatter(lines, current.lines);

    const startSection = (heading: string, level: number, line: number) => {
        sections.push(finish(current));
        current = { heading: cleanHeading(heading), level, line, text: '', lines: [] };
    };

    for (; index < lines.length; index++) {
        const line = lines[index];
        if (fence !== undefined) {
            current.lines.push(line);
            if (line.trim().startsWith(fence) && /^ {0,3}(`{3,}|~{3,})[ \t]*$/.test(line)) {
                fence = undefined;
            }
            continue;
        }
        const fenceMatch = FENCE.exec(line);
        if (fenceMatch) {
            fence = fenceMatch[1];
            current.lines.push(line);
            previousIsParagraph = false;
            continue;
        }
        const atx = ATX_HEADING.exec(line);
        if (atx) {
            startSection(atx[2] ?? '', atx[1].length, index + 1);
            previousIsParagraph = false;
            continue;
        }
        const setext = SETEXT_UNDERLINE.exec(line);
        if (setext && previousIsParagraph) {
            const heading = current.lines.pop()!;
            startSection(heading, setext[1].startsWith('=') ? 1 : 2, index);
            previousIsParagraph = false;
            continue;
        }
        current.lines.push(line);
        previousIsParagraph = line.trim() !== '' && !/^ {0,3}([-*+]|\d+[.)])[ \t]/.test(line) && !/^( {4}|\t)/.test(line);
    }
    sections.push(finish(current));
    return sections.filter(section => section.level > 0 || section.text.trim() !== '');
}

function skipFrontMatter(lines: string[], into: string[]): number {
    if (lines[0]?.trim() !== '---') {
        return 0;
    }
    const end = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)[ \t]*$/.test(line));
    if (end < 0) {
        return 0;
    }
    into.push(...lines.slice(1, end));
    return end + 1;
}

function finish(section: MarkdownSection & { lines: string[] }): MarkdownSection {
    return { heading: section.heading, level: section.level, line: section.line, text: section.lines.join('\n').trim() };
}

/** `**Install** the [CLI](x) \`ide\`` → `Install the CLI ide`. */
function cleanHeading(text: string): string {
    return text
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/[`*_~]+/g, '')
        .replace(/<[^>]+>/g, '')
        .trim() || '(untitled section)';
}
