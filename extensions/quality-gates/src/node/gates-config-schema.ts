import { z } from 'zod';
import { BUILTIN_GATE_KINDS, GATE_KINDS } from '../common/gate-results';

/*
 * `.ide/gates.json`. schema/gates.schema.json is z.toJSONSchema of `gatesConfigSchema`
 * (scripts/write-gates-schema.js writes it; gates-config.test checks it is current).
 */

export const DEFAULT_COMMAND_TIMEOUT_SECONDS = 600;
export const DEFAULT_BUILTIN_TIMEOUT_SECONDS = 300;
export const MAX_TIMEOUT_SECONDS = 86_400;

export const DEFAULT_ALLOWED_LICENSES = [
    'MIT', 'ISC', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD', 'CC0-1.0', 'Unlicense',
    'BlueOak-1.0.0', 'Python-2.0', 'CC-BY-4.0'
];

export const GATE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const gateName = z.string({ error: 'must be a string' })
    .regex(GATE_NAME_PATTERN, { error: 'must start with a letter or digit and contain only letters, digits, ".", "_" and "-"' })
    .max(64, { error: 'must be at most 64 characters' });

const timeoutSeconds = z.int({ error: 'must be a whole number of seconds' })
    .min(1, { error: 'must be at least 1 second' })
    .max(MAX_TIMEOUT_SECONDS, { error: `must be at most ${MAX_TIMEOUT_SECONDS} seconds (24 hours)` })
    .describe('Stop the gate (killing everything it started) and report error after this many seconds.');

const enabled = z.boolean({ error: 'must be true or false' }).describe('false turns the gate off (default true).');

const globs = (what: string) => z.array(z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }), { error: 'must be an array of glob patterns' })
    .describe(what);

const commandGate = z.strictObject({
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
});

const secretScanGate = z.strictObject({
    kind: z.literal('secret-scan'),
    name: gateName.describe('Default "secret-scan".').optional(),
    ignore: globs('Files to skip, as globs relative to the project root (e.g. "test/fixtures/**"). .git and node_modules are always skipped.').optional(),
    timeoutSeconds: timeoutSeconds.optional(),
    enabled: enabled.optional()
});

const licenseCheckGate = z.strictObject({
    kind: z.literal('license-check'),
    name: gateName.describe('Default "license-check".').optional(),
    allow: z.array(z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }), { error: 'must be an array of SPDX license ids' })
        .describe(`SPDX ids a dependency's license must satisfy (default: ${DEFAULT_ALLOWED_LICENSES.join(', ')}).`).optional(),
    ignorePackages: z.array(z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }), { error: 'must be an array of package names' })
        .describe('Package names not checked (e.g. your own private packages).').optional(),
    timeoutSeconds: timeoutSeconds.optional(),
    enabled: enabled.optional()
});

const testsNotDeletedGate = z.strictObject({
    kind: z.literal('tests-not-deleted'),
    name: gateName.describe('Default "tests-not-deleted".').optional(),
    testFiles: globs('Globs that name test files, replacing the defaults (*.test.*, *.spec.*, __tests__/, test_*.py, *_test.py, *_test.go, tests/*.rs).').optional(),
    timeoutSeconds: timeoutSeconds.optional(),
    enabled: enabled.optional()
});

export const gateConfigSchema = z.discriminatedUnion('kind', [commandGate, secretScanGate, licenseCheckGate, testsNotDeletedGate],
    { error: `must be one of ${GATE_KINDS.map(kind => `"${kind}"`).join(', ')}` });

export const gatesConfigSchema = z.strictObject({
    $schema: z.string().describe('The JSON schema of this file (for editors).').optional(),
    detect: z.boolean({ error: 'must be true or false' })
        .describe('Also run the command gates detected from the project (package.json scripts, tsconfig.json, Makefile, pyproject.toml, go.mod, ' +
            'Cargo.toml) whose names are not taken here. Default: true when `gates` lists no command gate, false otherwise.').optional(),
    gates: z.array(gateConfigSchema, { error: 'must be an array of gates' })
        .describe('Command gates, and settings of the built-in gates (secret-scan, license-check, tests-not-deleted), which always run ' +
            'unless listed here with "enabled": false.').optional()
}).superRefine((config, context) => {
    const seen = new Map<string, number>();
    const builtinKinds = new Map<string, number>();
    (config.gates ?? []).forEach((gate, index) => {
        const name = gate.name ?? gate.kind;
        const first = seen.get(name);
        if (first !== undefined) {
            context.addIssue({ code: 'custom', path: ['gates', index, 'name'], message: `"${name}" is already the name of gates[${first}]` });
        } else {
            seen.set(name, index);
        }
        if (gate.kind !== 'command') {
            const earlier = builtinKinds.get(gate.kind);
            if (earlier !== undefined) {
                context.addIssue({ code: 'custom', path: ['gates', index, 'kind'], message: `the ${gate.kind} gate is configured twice (also gates[${earlier}])` });
            } else {
                builtinKinds.set(gate.kind, index);
            }
        }
        if (gate.kind === 'command' && (BUILTIN_GATE_KINDS as readonly string[]).includes(gate.name)) {
            context.addIssue({ code: 'custom', path: ['gates', index, 'name'], message: `"${gate.name}" is the name of a built-in gate` });
        }
        if (gate.kind === 'command' && gate.cwd !== undefined && escapesRoot(gate.cwd)) {
            context.addIssue({ code: 'custom', path: ['gates', index, 'cwd'], message: 'must be a relative path inside the project' });
        }
    });
});

export type GatesConfig = z.infer<typeof gatesConfigSchema>;
export type GateConfig = z.infer<typeof gateConfigSchema>;

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

/** The JSON schema published at schema/gates.schema.json. */
export function gatesJsonSchema(): Record<string, unknown> {
    return {
        ...z.toJSONSchema(gatesConfigSchema, { io: 'input' }),
        title: 'Quality gates (.ide/gates.json)'
    };
}
