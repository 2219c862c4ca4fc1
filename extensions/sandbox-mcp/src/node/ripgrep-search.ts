import { spawn } from 'child_process';
import * as path from 'path';
import * as readline from 'readline';
import { rgPath } from '@vscode/ripgrep';
import { TailBuffer } from './tail-buffer';

export interface RipgrepQuery {
    pattern: string;
    /** Absolute directory or file to search. */
    target: string;
    /** Match paths are reported relative to this directory. */
    relativeTo: string;
    glob?: string;
    /** undefined: smart case. */
    caseSensitive?: boolean;
    maxMatches: number;
    signal: AbortSignal;
}

export interface RipgrepMatch {
    file: string;
    line: number;
    text: string;
}

export interface RipgrepResult {
    matches: RipgrepMatch[];
    /** More lines matched than maxMatches; ripgrep was stopped. */
    limitReached: boolean;
    /** ripgrep's complaints (bad regex, unreadable files), if any. */
    errors: string;
    exitCode: number | null;
}

interface RipgrepText {
    text?: string;
    bytes?: string;
}

interface RipgrepMatchEvent {
    type: 'match';
    data: { path: RipgrepText; line_number: number; lines: RipgrepText };
}

const MAX_LINE_LENGTH = 300;
const MAX_ERROR_BYTES = 4096;

/** Runs the ripgrep binary Theia's search uses (the production bundle ships it in lib/backend/native). */
export function searchWithRipgrep(query: RipgrepQuery): Promise<RipgrepResult> {
    const args = [
        '--json', '--no-config', '--hidden', '--glob', '!.git', '--no-require-git', '--sort', 'path',
        query.caseSensitive === undefined ? '--smart-case' : query.caseSensitive ? '--case-sensitive' : '--ignore-case',
        ...(query.glob === undefined ? [] : ['--glob', query.glob]),
        '--regexp', query.pattern, '--', query.target
    ];
    const rg = spawn(rgPath, args, { cwd: query.relativeTo, stdio: ['ignore', 'pipe', 'pipe'] });
    const stop = () => rg.kill();
    query.signal.addEventListener('abort', stop);

    const matches: RipgrepMatch[] = [];
    let limitReached = false;
    const errors = new TailBuffer(MAX_ERROR_BYTES);
    rg.stderr.on('data', (chunk: Buffer) => errors.append(chunk));
    readline.createInterface({ input: rg.stdout }).on('line', line => {
        const event = limitReached || query.signal.aborted ? undefined : parseMatchEvent(line);
        if (!event) {
            return;
        }
        if (matches.length === query.maxMatches) {
            limitReached = true;
            rg.kill();
            return;
        }
        const { data } = event;
        matches.push({ file: path.relative(query.relativeTo, decode(data.path)), line: data.line_number, text: shorten(decode(data.lines)) });
    });

    return new Promise((resolve, reject) => {
        rg.once('error', reject);
        rg.once('close', exitCode => {
            query.signal.removeEventListener('abort', stop);
            resolve({ matches, limitReached, errors: errors.bytes().toString('utf8').trim(), exitCode });
        });
    });
}

/** Undefined for other events, and for a line cut short when ripgrep was stopped. */
function parseMatchEvent(line: string): RipgrepMatchEvent | undefined {
    try {
        const event = JSON.parse(line) as { type?: unknown };
        return event.type === 'match' ? event as RipgrepMatchEvent : undefined;
    } catch {
        return undefined;
    }
}

function decode(value: RipgrepText): string {
    return value.text ?? Buffer.from(value.bytes ?? '', 'base64').toString('utf8');
}

function shorten(line: string): string {
    const text = line.replace(/\r?\n$/, '');
    return text.length > MAX_LINE_LENGTH ? text.slice(0, MAX_LINE_LENGTH) + '…' : text;
}
