import * as fs from 'fs';
import * as path from 'path';
import { CommandProcess } from '@ide/sandbox-mcp/lib/node/command-process';
import { boundedLog, shellQuote } from './bounded-text';
import { abortPromise, capFindings, GateContext, GateOutcome, stopReason } from './gate-context';
import { PlannedGate } from './gate-plan';
import { parseOutputFindings } from './output-findings';

export interface PlannedCommandGate extends PlannedGate {
    kind: 'command';
    command: string;
    /** Relative to the root. */
    cwd?: string;
    env?: Record<string, string>;
    parallel: boolean;
    /** With "{files}" where the changed files go. */
    relatedTestsCommand?: string;
}

const OUTPUT_PROGRESS_INTERVAL_MS = 500;
const PROGRESS_LINE_LENGTH = 200;

/**
 * Runs the gate's command with `bash -lc` in its own process group: exit 0 passes, another exit
 * code fails, 126/127 (cannot execute, not found), a signal, timeout or cancel are errors. On
 * timeout and cancel the whole group is killed (SIGTERM, SIGKILL 2 s later).
 */
export async function runCommandGate(gate: PlannedCommandGate, context: GateContext): Promise<GateOutcome> {
    const command = commandFor(gate, context);
    const cwd = path.resolve(context.root, gate.cwd ?? '.');
    const failed = (reason: string, log = ''): GateOutcome => ({ status: 'error', reason, findings: [], log, command });
    if (!isDirectory(cwd)) {
        return failed(`cannot start: the working directory ${gate.cwd ?? '.'} does not exist`);
    }
    if (context.signal.aborted) {
        return failed(stopReason(context.signal));
    }
    let child: CommandProcess;
    try {
        child = await CommandProcess.start({ command, cwd, env: gate.env ?? {} });
    } catch (error) {
        return failed(`cannot start: ${(error as Error).message}`);
    }

    let lastLine = '';
    const progress = setInterval(() => {
        const line = child.output.lastLine(PROGRESS_LINE_LENGTH);
        if (line && line !== lastLine) {
            lastLine = line;
            context.onOutputLine(line);
        }
    }, OUTPUT_PROGRESS_INTERVAL_MS);
    try {
        const outcome = await Promise.race([
            child.finished.then(() => 'finished' as const),
            abortPromise(context.signal).then(() => 'stopped' as const)
        ]);
        if (outcome === 'stopped') {
            await child.kill();
        }
        const output = child.output.bytes().toString('utf8');
        const log = boundedLog(output, undefined, child.output.totalBytes);
        if (outcome === 'stopped') {
            return failed(`${stopReason(context.signal)} (the command and everything it started were killed)`, log);
        }
        const { exitCode, signal } = child.exitStatus;
        const findings = capFindings(parseOutputFindings(output, context.root, cwd, exitCode === 0 ? 'warning' : 'error'));
        if (signal) {
            return { status: 'error', reason: `the command was killed by ${signal}`, log, command, ...findings };
        }
        if (exitCode === 127) {
            return { status: 'error', reason: 'cannot start: command not found (exit code 127)', log, command, ...findings };
        }
        if (exitCode === 126) {
            return { status: 'error', reason: 'cannot start: command not executable (exit code 126)', log, command, ...findings };
        }
        if (exitCode !== 0) {
            return { status: 'fail', reason: `exit code ${exitCode}`, log, command, ...findings };
        }
        return { status: 'pass', log, command, ...findings };
    } finally {
        clearInterval(progress);
    }
}

/** The related-tests command when the run names changed files that exist and the gate has one. */
export function commandFor(gate: PlannedCommandGate, context: Pick<GateContext, 'root' | 'changedFiles'>): string {
    if (!gate.relatedTestsCommand || !context.changedFiles?.length) {
        return gate.command;
    }
    const files = context.changedFiles.filter(file => fs.existsSync(path.resolve(context.root, file)));
    if (files.length === 0) {
        return gate.command;
    }
    const cwd = path.resolve(context.root, gate.cwd ?? '.');
    const quoted = files.map(file => shellQuote(path.relative(cwd, path.resolve(context.root, file)) || '.')).join(' ');
    return gate.relatedTestsCommand.split('{files}').join(quoted);
}

function isDirectory(directory: string): boolean {
    try {
        return fs.statSync(directory).isDirectory();
    } catch {
        return false;
    }
}
