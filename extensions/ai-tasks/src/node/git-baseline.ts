import { execFile } from 'child_process';

const GIT_TIMEOUT_MS = 120_000;
const MAX_GIT_OUTPUT = 64 * 1024 * 1024;

export interface GitResult {
    code: number;
    stdout: Buffer;
    stderr: string;
}

/**
 * Runs git in a scratch copy, isolated from the user's configuration and hooks: the copy gets a
 * repository of its own whose one commit is the task's starting point. The workspace's `.git` is
 * never read or written.
 */
export function git(cwd: string, args: string[], input?: string): Promise<GitResult> {
    return new Promise(resolve => {
        const child = execFile('git', [
            '-c', 'user.name=IDE task', '-c', 'user.email=ide-task@sandbox.invalid', '-c', 'commit.gpgsign=false',
            '-c', 'core.hooksPath=/dev/null', '-c', 'core.autocrlf=false', '-c', 'core.quotepath=false', ...args
        ], {
            cwd,
            encoding: 'buffer',
            maxBuffer: MAX_GIT_OUTPUT,
            timeout: GIT_TIMEOUT_MS,
            env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', GIT_DIR: undefined, GIT_WORK_TREE: undefined }
        }, (error, stdout, stderr) => {
            const code = error ? (typeof (error as NodeJS.ErrnoException).code === 'number' ? (error as unknown as { code: number }).code : -1) : 0;
            resolve({ code, stdout: stdout ?? Buffer.alloc(0), stderr: (stderr ?? Buffer.alloc(0)).toString('utf8') });
        });
        if (input !== undefined) {
            child.stdin?.end(input);
        }
    });
}

/** Commits the scratch copy as it is; false (and no repository) when git is missing or fails. */
export async function createBaseline(root: string): Promise<boolean> {
    const steps = [['init', '-q'], ['add', '-A'], ['commit', '-q', '--no-verify', '--allow-empty', '-m', 'task start']];
    for (const args of steps) {
        const result = await git(root, args);
        if (result.code !== 0) {
            return false;
        }
    }
    return true;
}

/** The file as it was at the task's start, from the baseline commit. */
export async function baselineContent(root: string, relative: string): Promise<Buffer | undefined> {
    const result = await git(root, ['show', `HEAD:${relative}`]);
    return result.code === 0 ? result.stdout : undefined;
}

/** Which of these paths the project's .gitignore rules ignore (build output, caches…). */
export async function ignoredPaths(root: string, relatives: string[]): Promise<Set<string>> {
    if (relatives.length === 0) {
        return new Set();
    }
    const result = await git(root, ['check-ignore', '--no-index', '--stdin', '-z'], relatives.join('\0') + '\0');
    return new Set(result.code === 0 ? result.stdout.toString('utf8').split('\0').filter(Boolean) : []);
}
