import * as fs from 'fs/promises';
import * as path from 'path';
import { GateFinding } from '../common/gate-results';
import { EMPTY_TREE, FileChange, git, parseNameStatus } from './git';
import {
    addedLines, focusLines, languageOf, MarkedLine, skipLines, TestLanguage, testCaseLines, testFileMatcher
} from './testing-patterns';

const MAX_COMPARED_FILE_BYTES = 2 * 1024 * 1024;

export interface TestsNotDeletedOptions {
    /** Git revision to compare the working tree with (default HEAD). */
    baseRef?: string;
    /** Globs naming test files (default DEFAULT_TEST_FILE_GLOBS). */
    testFiles?: string[];
    signal?: AbortSignal;
}

export type TestsNotDeletedResult =
    | { status: 'checked'; findings: GateFinding[]; summary: string }
    | { status: 'not-applicable'; reason: string };

/**
 * Compares the working tree of root (committed, staged, unstaged and untracked changes) with a git
 * revision and reports deleted test files, test files with fewer test cases, and newly added
 * skips (`.skip(`, `xit(`, `@pytest.mark.skip`, `t.Skip(`…) and focus (`.only(`, `fit(`).
 */
export async function checkTestsNotDeleted(root: string, options: TestsNotDeletedOptions = {}): Promise<TestsNotDeletedResult> {
    const { signal } = options;
    const inside = await git(root, ['rev-parse', '--is-inside-work-tree'], signal).catch(error => ({ code: -1, stdout: '', stderr: String(error) }));
    if (inside.code !== 0 || inside.stdout.trim() !== 'true') {
        return { status: 'not-applicable', reason: inside.code === -1 ? `git cannot run: ${inside.stderr}` : 'not a git repository' };
    }
    const baseRef = options.baseRef ?? 'HEAD';
    const base = await resolveBase(root, baseRef, signal);
    if (base === undefined) {
        throw new Error(`unknown git revision ${JSON.stringify(baseRef)}`);
    }
    const isTestFile = testFileMatcher(options.testFiles);
    const diff = await git(root, ['diff', '--name-status', '-z', '-M', '--relative', '--no-ext-diff', base, '--'], signal);
    if (diff.code !== 0) {
        throw new Error(`git diff failed: ${diff.stderr.trim()}`);
    }
    const untracked = await git(root, ['ls-files', '--others', '--exclude-standard', '-z'], signal);
    const changes: FileChange[] = [
        ...parseNameStatus(diff.stdout),
        ...untracked.stdout.split('\0').filter(Boolean).map(file => ({ status: 'untracked' as const, path: file }))
    ];

    const findings: GateFinding[] = [];
    let testFilesChanged = 0;
    for (const change of changes) {
        signal?.throwIfAborted();
        const oldPath = change.oldPath ?? change.path;
        const wasTest = change.status !== 'added' && change.status !== 'untracked' && isTestFile(oldPath);
        const isTest = change.status !== 'deleted' && isTestFile(change.path);
        if (!wasTest && !isTest) {
            continue;
        }
        testFilesChanged++;
        const before = wasTest && base !== EMPTY_TREE ? await showAtBase(root, base, oldPath, signal) : undefined;
        if (!isTest) {
            const language = languageOf(oldPath);
            const cases = before !== undefined && language ? testCaseLines(before, language).length : 0;
            findings.push({
                file: oldPath, line: 1, severity: 'error', rule: 'test-file-deleted',
                message: change.status === 'deleted'
                    ? `test file deleted${cases ? ` (it had ${plural(cases, 'test case')})` : ''}`
                    : `test file renamed to ${change.path}, which is not a test file${cases ? ` (it had ${plural(cases, 'test case')})` : ''}`
            });
            continue;
        }
        if (wasTest && before === undefined && base !== EMPTY_TREE) {
            continue; // too large to compare
        }
        const after = await readWorkingFile(root, change.path);
        const language = languageOf(change.path);
        if (after === undefined || language === undefined) {
            continue;
        }
        findings.push(...compareTestFile(change.path, before ?? '', after, language));
    }
    const summary = `compared the working tree with ${baseRef === base ? baseRef : `${baseRef} (${base === EMPTY_TREE ? 'no commits yet' : base.slice(0, 12)})`}: ` +
        `${plural(changes.length, 'changed file')}, ${plural(testFilesChanged, 'changed test file')}, ${plural(findings.length, 'finding')}`;
    return { status: 'checked', findings, summary };
}

/** Findings for one test file that exists now: fewer test cases, added skips and focus. */
export function compareTestFile(file: string, before: string, after: string, language: TestLanguage): GateFinding[] {
    const findings: GateFinding[] = [];
    const casesBefore = testCaseLines(before, language);
    const casesAfter = testCaseLines(after, language);
    if (casesAfter.length < casesBefore.length) {
        const lineCount = after.split('\n').length;
        const removed = addedLines(casesAfter, casesBefore);
        const count = `${casesBefore.length} → ${casesAfter.length} test cases`;
        if (removed.length === 0) {
            findings.push({ file, line: 1, severity: 'error', rule: 'test-case-removed', message: `fewer test cases (${count})` });
        }
        for (const { line, text } of removed) {
            findings.push({
                file, line: Math.min(line, lineCount), severity: 'error', rule: 'test-case-removed',
                message: `test case removed (${count}; it was at line ${line}): ${excerpt(text)}`
            });
        }
    }
    const report = (lines: MarkedLine[], rule: string, what: string) => {
        for (const { line, text } of lines) {
            findings.push({ file, line, severity: 'error', rule, message: `${what}: ${excerpt(text)}` });
        }
    };
    report(addedLines(skipLines(before, language), skipLines(after, language)), 'test-skip-added', 'test skipped');
    report(addedLines(focusLines(before, language), focusLines(after, language)), 'test-focus-added', 'test focused (the others will not run)');
    return findings.sort((a, b) => a.line - b.line);
}

async function resolveBase(root: string, baseRef: string, signal?: AbortSignal): Promise<string | undefined> {
    const resolved = await git(root, ['rev-parse', '--verify', '--quiet', `${baseRef}^{commit}`], signal);
    if (resolved.code === 0) {
        return resolved.stdout.trim();
    }
    if (baseRef === 'HEAD') {
        const anyCommit = await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD'], signal);
        return anyCommit.code === 0 ? undefined : EMPTY_TREE;
    }
    return undefined;
}

async function showAtBase(root: string, base: string, file: string, signal?: AbortSignal): Promise<string | undefined> {
    const shown = await git(root, ['show', `${base}:./${file}`], signal);
    return shown.code === 0 && shown.stdout.length <= MAX_COMPARED_FILE_BYTES ? shown.stdout : undefined;
}

async function readWorkingFile(root: string, file: string): Promise<string | undefined> {
    try {
        const absolute = path.join(root, file);
        const stat = await fs.stat(absolute);
        return stat.isFile() && stat.size <= MAX_COMPARED_FILE_BYTES ? await fs.readFile(absolute, 'utf8') : undefined;
    } catch {
        return undefined;
    }
}

function excerpt(text: string): string {
    return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
