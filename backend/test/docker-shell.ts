import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function docker(...args: string[]): Promise<string> {
    return (await run('docker', args, { maxBuffer: 10 * 1024 * 1024 })).stdout.trim();
}

/** Runs a shell command inside the sandbox as its own user, the way a terminal in the IDE would. */
export async function inSandbox(container: string, command: string): Promise<{ code: number; out: string }> {
    try {
        return { code: 0, out: await docker('exec', container, 'bash', '-c', command) };
    } catch (error) {
        const failure = error as { code: number; stdout: string; stderr: string };
        return { code: failure.code, out: `${failure.stdout}${failure.stderr}`.trim() };
    }
}
