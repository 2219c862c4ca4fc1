import { z } from 'zod';
import { PlannedCommandGate, runCommandGate } from '../command-gate';
import { DEFAULT_COMMAND_TIMEOUT_SECONDS, enabled, gateName, timeoutSeconds } from '../gate-config-fields';
import { detectCommandGates } from '../gate-detection';
import { GateKindContribution } from '../gate-kind-contribution';

const configSchema = z.strictObject({
    kind: z.literal('command'),
    name: gateName.describe('The gate\'s name, shown in the view and used to run it alone (e.g. "build", "lint", "test").'),
    command: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' })
        .describe('Run with `bash -lc` in cwd. Exit code 0 passes, any other fails; 127 (command not found) is an error.'),
    cwd: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' })
        .describe('Working directory relative to the project root (default: the root). Must stay inside the project.').optional(),
    env: z.record(z.string(), z.string({ error: 'must be a string' }), { error: 'must be an object of strings' })
        .describe('Extra environment variables.').optional(),
    timeoutSeconds: timeoutSeconds.optional(),
    parallel: z.boolean({ error: 'must be true or false' })
        .describe('May run alongside other gates (default false: command gates run one after another).').optional(),
    relatedTestsCommand: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' })
        .describe('When the run names changed files, run this instead of command; "{files}" is replaced by the changed files, shell-quoted ' +
            '(e.g. "npx jest --findRelatedTests --passWithNoTests {files}").').optional(),
    enabled: enabled.optional()
}).superRefine((gate, context) => {
    if (gate.cwd !== undefined && escapesRoot(gate.cwd)) {
        context.addIssue({ code: 'custom', path: ['cwd'], message: 'must be a relative path inside the project' });
    }
});

/**
 * The project's own checks (build, typecheck, lint, test): the commands the file lists, and, without
 * a file or when it asks for them, the ones detected from package.json, tsconfig.json, a Makefile….
 */
export const commandGateKind: GateKindContribution<z.infer<typeof configSchema>, PlannedCommandGate> = {
    kind: 'command',
    instances: 'many',
    configSchema,
    async plan({ root, configured, detect, configuredNames }) {
        const gates: PlannedCommandGate[] = (configured ?? []).filter(gate => gate.enabled !== false).map(gate => ({
            kind: 'command', name: gate.name, source: 'config', command: gate.command, cwd: gate.cwd, env: gate.env,
            timeoutSeconds: gate.timeoutSeconds ?? DEFAULT_COMMAND_TIMEOUT_SECONDS, parallel: gate.parallel ?? false,
            relatedTestsCommand: gate.relatedTestsCommand
        }));
        if (configured === undefined || (detect ?? configured.length === 0)) {
            gates.push(...(await detectCommandGates(root)).filter(gate => !configuredNames.has(gate.name)));
        }
        return gates;
    },
    run: runCommandGate,
    runsInParallel: gate => gate.parallel,
    endsItselfWhenStopped: true
};

function escapesRoot(relative: string): boolean {
    if (relative.startsWith('/') || /^[A-Za-z]:/.test(relative)) {
        return true;
    }
    let depth = 0;
    for (const part of relative.split(/[\\/]+/)) {
        if (part === '..') {
            depth--;
        } else if (part !== '.' && part !== '') {
            depth++;
        }
        if (depth < 0) {
            return true;
        }
    }
    return false;
}
