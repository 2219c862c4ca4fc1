import { afterEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseGatesConfig, QualityGateConfigError } from './gates-config';
import { gatesJsonSchema } from './gates-config-schema';
import { resolveGates, selectGates } from './gate-resolution';
import { PlannedSecretScanGate } from './gate-kinds/secret-scan-gate-kind';
import { createTestProject, TestProject } from '../test-helpers/temp-project';

function configError(config: unknown): string {
    try {
        parseGatesConfig(typeof config === 'string' ? config : JSON.stringify(config));
    } catch (error) {
        assert.ok(error instanceof QualityGateConfigError, `expected a QualityGateConfigError, got ${error}`);
        return error.message;
    }
    assert.fail('the config was accepted');
}

const command = (name: string, extra: object = {}) => ({ kind: 'command', name, command: 'true', ...extra });

describe('.ide/gates.json validation', () => {
    it('names the field and says what is wrong', () => {
        assert.equal(configError({ gates: [command('a'), command('b'), command('c', { timeoutSeconds: 0 })] }),
            '.ide/gates.json: gates[2].timeoutSeconds: must be at least 1 second');
        assert.equal(configError({ gates: [command('a', { timeoutSeconds: 1.5 })] }),
            '.ide/gates.json: gates[0].timeoutSeconds: must be a whole number of seconds');
        assert.equal(configError({ gates: [command('a', { env: { A: 1 } })] }), '.ide/gates.json: gates[0].env.A: must be a string');
        assert.equal(configError({ gates: [command('has space')] }),
            '.ide/gates.json: gates[0].name: must start with a letter or digit and contain only letters, digits, ".", "_" and "-"');
    });

    it('refuses unknown kinds and keys, duplicate names, escaping cwd, and reports every issue', () => {
        assert.equal(configError({ gates: [{ kind: 'shell', name: 'x' }] }),
            '.ide/gates.json: gates[0].kind: must be one of "command", "secret-scan", "tests-not-deleted", "license-check"');
        assert.equal(configError({ gates: [command('a', { timeout: 5 })] }), '.ide/gates.json: gates[0]: Unrecognized key: "timeout"');
        assert.equal(configError({ gates: [command('x'), command('x')] }), '.ide/gates.json: gates[1].name: "x" is already the name of gates[0]');
        assert.equal(configError({ gates: [command('secret-scan')] }), '.ide/gates.json: gates[0].name: "secret-scan" is the name of a built-in gate');
        assert.equal(configError({ gates: [command('a', { cwd: '../elsewhere' })] }),
            '.ide/gates.json: gates[0].cwd: must be a relative path inside the project');
        assert.equal(configError({ gates: [{ kind: 'secret-scan' }, { kind: 'secret-scan', name: 'again' }] }),
            '.ide/gates.json: gates[1].kind: the secret-scan gate is configured twice (also gates[0])');
        const several = configError({ detect: 'yes', gates: [command('a', { command: '' })] }).split('\n');
        assert.deepEqual(several, [
            '.ide/gates.json: detect: must be true or false',
            '.ide/gates.json: gates[0].command: must not be empty'
        ]);
    });

    it('says when the file is not JSON', () => {
        assert.match(configError('{ "gates": [ }'), /^\.ide\/gates\.json: not valid JSON: /);
    });

    it('accepts a full example', () => {
        const config = parseGatesConfig(JSON.stringify({
            $schema: '../extensions/quality-gates/schema/gates.schema.json',
            detect: true,
            gates: [
                command('unit', { command: 'npm test', cwd: 'packages/app', env: { CI: '1' }, timeoutSeconds: 120, parallel: true, relatedTestsCommand: 'npx jest --findRelatedTests {files}' }),
                { kind: 'secret-scan', ignore: ['test/fixtures/**'] },
                { kind: 'license-check', allow: ['MIT', 'Apache-2.0'], ignorePackages: ['@acme/internal'] },
                { kind: 'tests-not-deleted', enabled: false }
            ]
        }));
        assert.equal(config.gates?.length, 4);
    });

    it('schema/gates.schema.json is z.toJSONSchema of the zod schema (run scripts/write-gates-schema.js after changing it)', () => {
        const published = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'gates.schema.json'), 'utf8'));
        assert.deepEqual(published, gatesJsonSchema());
    });
});

describe('gates from .ide/gates.json', () => {
    let project: TestProject | undefined;
    afterEach(() => project?.dispose());

    it('uses the listed command gates, adds the built-ins, and detects nothing else', async () => {
        project = await createTestProject({
            'package.json': JSON.stringify({ scripts: { build: 'tsc', test: 'jest' }, dependencies: { a: '1' } }),
            '.ide/gates.json': JSON.stringify({ gates: [command('readme', { command: 'test -f README.md' }), { kind: 'secret-scan', ignore: ['*.pem'] }] })
        });
        const gates = await resolveGates(project.root);
        assert.deepEqual(gates.map(gate => `${gate.name}:${gate.source}`),
            ['readme:config', 'secret-scan:config', 'tests-not-deleted:builtin', 'license-check:builtin']);
        assert.deepEqual(gates[1].kind === 'secret-scan' && (gates[1] as PlannedSecretScanGate).ignore, ['*.pem']);
    });

    it('detects command gates when it lists none, turns built-ins off, and lets a listed name replace a detected gate', async () => {
        project = await createTestProject({
            'package.json': JSON.stringify({ scripts: { build: 'tsc', test: 'jest' } }),
            '.ide/gates.json': JSON.stringify({ gates: [{ kind: 'secret-scan', enabled: false }, { kind: 'tests-not-deleted', enabled: false }] })
        });
        assert.deepEqual((await resolveGates(project.root)).map(gate => gate.name), ['build', 'test']);

        await project.write('.ide/gates.json', JSON.stringify({ detect: true, gates: [command('test', { command: 'make check' })] }));
        const gates = await resolveGates(project.root);
        assert.deepEqual(gates.map(gate => gate.kind === 'command' ? `${gate.name}=${gate.command}` : gate.name),
            ['test=make check', 'build=npm run build', 'secret-scan', 'tests-not-deleted']);
    });

    it('selecting unknown gates names them and lists the real ones', async () => {
        project = await createTestProject({});
        const gates = await resolveGates(project.root);
        assert.deepEqual(selectGates(gates, ['tests-not-deleted']).map(gate => gate.name), ['tests-not-deleted']);
        assert.throws(() => selectGates(gates, ['lint', 'secret-scan', 'tset']), {
            name: 'QualityGateConfigError',
            message: 'unknown gates "lint", "tset"; this project\'s gates are: secret-scan, tests-not-deleted'
        });
    });

    it('an invalid file is an error, not silently detected gates', async () => {
        project = await createTestProject({ '.ide/gates.json': JSON.stringify({ gates: [{ kind: 'command', name: 'x' }] }) });
        await assert.rejects(resolveGates(project.root), { message: /^\.ide\/gates\.json: gates\[0\]\.command: / });
    });
});
