import picomatch = require('picomatch');

/*
 * What test files, test cases, and skipped or focused tests look like, per language.
 * Line-based on purpose: cheap, and good enough to notice an agent deleting or skipping tests.
 */

const JS = '{js,jsx,ts,tsx,mjs,cjs,mts,cts}';

export const DEFAULT_TEST_FILE_GLOBS = [
    `**/*.{test,spec}.${JS}`,
    `**/__tests__/**/*.${JS}`,
    '**/test_*.py',
    '**/*_test.py',
    '**/*_test.go',
    '**/tests/**/*.rs'
];

export type TestLanguage = 'js' | 'python' | 'go' | 'rust';

interface LanguagePatterns {
    testCase: RegExp;
    skip: RegExp[];
    focus: RegExp[];
}

const PATTERNS: Record<TestLanguage, LanguagePatterns> = {
    js: {
        testCase: /(?<![\w$.])[xf]?(?:it|test)(?:\s*\.\s*\w+)*\s*[(`]/,
        skip: [
            /\.skip\s*(?:\(|\.each\b|`)/,
            /(?<![\w$.])x(?:it|test|describe|context|specify)\s*\(/,
            /(?<![\w$.])t\.(?:skip|todo)\s*\(/,
            /[{,]\s*(?:skip|todo)\s*:\s*(?:true|['"`])/
        ],
        focus: [
            /\.only\s*(?:\(|\.each\b|`)/,
            /(?<![\w$.])f(?:it|describe|context)\s*\(/,
            /[{,]\s*only\s*:\s*true/
        ]
    },
    python: {
        testCase: /^\s*(?:async\s+)?def\s+test\w*\s*\(/,
        skip: [
            /@pytest\.mark\.(?:skip|skipif|xfail)\b/,
            /@unittest\.(?:skip|skipIf|skipUnless|expectedFailure)\b/,
            /\bpytest\.skip\s*\(/,
            /\bself\.skipTest\s*\(/
        ],
        focus: []
    },
    go: {
        testCase: /^\s*func\s+(?:\([^)]*\)\s*)?Test\w*\s*\(/,
        skip: [/\b\w+\.Skip(?:f|Now)?\s*\(/],
        focus: []
    },
    rust: {
        testCase: /#\[\s*(?:[\w:]+::)?test\s*\]/,
        skip: [/#\[\s*ignore\b/],
        focus: []
    }
};

export function testFileMatcher(globs: string[] = DEFAULT_TEST_FILE_GLOBS): (relative: string) => boolean {
    return picomatch(globs, { dot: true });
}

export function languageOf(file: string): TestLanguage | undefined {
    if (/\.(?:[cm]?[jt]sx?|[jt]sx)$/.test(file)) {
        return 'js';
    }
    if (file.endsWith('.py')) {
        return 'python';
    }
    if (file.endsWith('.go')) {
        return 'go';
    }
    if (file.endsWith('.rs')) {
        return 'rust';
    }
    return undefined;
}

export interface MarkedLine {
    /** 1-based. */
    line: number;
    text: string;
    /** What identifies it across edits (a test's title or function name); the text when absent. */
    key?: string;
}

/** The lines that declare a test case, keyed by the test's title or function name. */
export function testCaseLines(content: string, language: TestLanguage): MarkedLine[] {
    return markedLines(content, [PATTERNS[language].testCase]).map(marked => ({ ...marked, key: testCaseKey(marked.text, language) }));
}

const TEST_CASE_KEYS: Record<TestLanguage, RegExp | undefined> = {
    js: /(?:it|test)\b[\w.\s]*[(`]\s*(['"`])(.*?)\1/,
    python: /def\s+(test\w*)/,
    go: /(Test\w*)\s*\(/,
    rust: undefined
};

function testCaseKey(text: string, language: TestLanguage): string | undefined {
    const match = TEST_CASE_KEYS[language]?.exec(text);
    return match ? match[match.length - 1] : undefined;
}

export function skipLines(content: string, language: TestLanguage): MarkedLine[] {
    return markedLines(content, PATTERNS[language].skip);
}

export function focusLines(content: string, language: TestLanguage): MarkedLine[] {
    return markedLines(content, PATTERNS[language].focus);
}

function markedLines(content: string, patterns: RegExp[]): MarkedLine[] {
    const marked: MarkedLine[] = [];
    content.split(/\r?\n/).forEach((text, index) => {
        const code = blankStrings(text);
        if (patterns.some(pattern => pattern.test(code)) && !isComment(text)) {
            marked.push({ line: index + 1, text: text.trim() });
        }
    });
    return marked;
}

/** The line with the contents of its string literals removed: `it.skip('x.only(')` → `it.skip('')`. */
function blankStrings(line: string): string {
    return line.replace(/(['"`])(?:\\.|(?!\1)[^\\])*\1/g, '$1$1');
}

function isComment(line: string): boolean {
    return /^\s*(?:\/\/|#(?!\[)|\*|\/\*)/.test(line);
}

/** The lines of `after` that `before` does not have (compared by key or trimmed text, as a multiset). */
export function addedLines(before: MarkedLine[], after: MarkedLine[]): MarkedLine[] {
    const remaining = new Map<string, number>();
    for (const { text, key } of before) {
        remaining.set(key ?? text, (remaining.get(key ?? text) ?? 0) + 1);
    }
    return after.filter(({ text, key }) => {
        const count = remaining.get(key ?? text) ?? 0;
        if (count > 0) {
            remaining.set(key ?? text, count - 1);
            return false;
        }
        return true;
    });
}
