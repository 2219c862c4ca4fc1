import { execFile } from 'child_process';

const MAX_GIT_OUTPUT_BYTES = 64 * 1024 * 1024;

/** The SHA-1 of git's empty tree: the base when a repository has no commit yet. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export interface GitOutput {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs git in cwd; never throws for a non-zero exit (code says it), only when git cannot start. */
export function git(cwd: string, args: string[], signal?: AbortSignal): Promise<GitOutput> {
    return new Promise((resolve, reject) => {
        execFile('git', ['-c', 'core.quotepath=off', ...args], {
            cwd, signal, maxBuffer: MAX_GIT_OUTPUT_BYTES, encoding: 'utf8',
            env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' }
        }, (error, stdout, stderr) => {
            if (error && typeof (error as { code?: unknown }).code !== 'number') {
                reject(error);
            } else {
                resolve({ code: error ? (error as { code: number }).code : 0, stdout, stderr });
            }
        });
    });
}

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'untracked';

export interface FileChange {
    status: ChangeStatus;
    /** Relative to the directory git ran in, `/`-separated. */
    path: string;
    /** The path at the base, for renames. */
    oldPath?: string;
}

/** Parses `git diff --name-status -z -M` output. */
export function parseNameStatus(output: string): FileChange[] {
    const fields = output.split('\0');
    const changes: FileChange[] = [];
    for (let index = 0; index < fields.length - 1;) {
        const code = fields[index++];
        if (code.startsWith('R') || code.startsWith('C')) {
            const oldPath = fields[index++];
            const newPath = fields[index++];
            changes.push(code.startsWith('R') ? { status: 'renamed', path: newPath, oldPath } : { status: 'added', path: newPath });
        } else {
            const file = fields[index++];
            changes.push({ status: code === 'D' ? 'deleted' : code === 'A' ? 'added' : 'modified', path: file });
        }
    }
    return changes;
}
