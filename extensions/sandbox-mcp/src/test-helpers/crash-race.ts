/*
 * For the crash and race tests: work in a child `node` process SIGKILLed part way, and a child
 * that keeps swapping files for symlinks (symlink-swapper). Not referenced by the backend module.
 */
import { ChildProcess, spawn } from 'child_process';
import { once } from 'events';
import { watch } from 'fs';
import * as fs from 'fs/promises';
import * as path from 'path';

export interface KillPlan {
    /** Kill this long after "ready"… */
    afterMs?: number;
    /** …or as soon as an entry whose name matches is created or changed in this directory, whichever comes first. */
    onChangeIn?: { directory: string; name: RegExp };
}

export interface ChildRun {
    /** It was killed before it finished. */
    killed: boolean;
    /** From "ready" to exit. */
    ms: number;
    stdout: string;
    stderr: string;
}

/** Runs `node script ...args` (which prints "ready" when it is about to start), killing it as planned (not at all with an empty plan). */
export function runAndKill(script: string, args: string[], plan: KillPlan = {}): Promise<ChildRun> {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let readyAt = 0;
    let timer: NodeJS.Timeout | undefined;
    const watcher = plan.onChangeIn && watch(plan.onChangeIn.directory, (_event, name) => {
        if (readyAt && name && plan.onChangeIn!.name.test(name.toString())) {
            child.kill('SIGKILL');
        }
    });
    child.stderr.on('data', chunk => { stderr += chunk; });
    child.stdout.on('data', chunk => {
        stdout += chunk;
        if (!readyAt && stdout.includes('ready\n')) {
            readyAt = performance.now();
            if (plan.afterMs !== undefined) {
                timer = setTimeout(() => child.kill('SIGKILL'), plan.afterMs);
            }
        }
    });
    return new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code, signal) => {
            clearTimeout(timer);
            watcher?.close();
            const ms = readyAt ? performance.now() - readyAt : 0;
            if (signal !== 'SIGKILL' && code !== 0) {
                reject(new Error(`${path.basename(script)} exited with ${code ?? signal}: ${stderr}`));
                return;
            }
            resolve({ killed: signal === 'SIGKILL', ms, stdout, stderr });
        });
    });
}

/** The entries of a directory that look like the temporary files of an atomic write. */
export async function temporaryEntries(directory: string): Promise<string[]> {
    return (await fs.readdir(directory)).filter(name => /^\..*\.[0-9a-f]{12}\.tmp$/.test(name));
}

/** Starts symlink-swapper with these specs and resolves once it is swapping. */
export async function startSwapper(specs: string[]): Promise<ChildProcess> {
    const swapper = spawn(process.execPath, [path.join(__dirname, 'symlink-swapper.js'), ...specs], { stdio: ['ignore', 'pipe', 'inherit'] });
    await once(swapper.stdout!, 'data');
    return swapper;
}

export async function stopSwapper(swapper: ChildProcess): Promise<void> {
    if (swapper.exitCode !== null || swapper.signalCode !== null) {
        return;
    }
    const exited = once(swapper, 'exit');
    swapper.kill('SIGKILL');
    await exited;
}
