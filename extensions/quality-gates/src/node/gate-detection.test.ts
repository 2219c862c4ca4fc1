import { afterEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { detectGates } from './gate-resolution';
import { PlannedCommandGate } from './command-gate';
import { PlannedGate } from './gate-plan';
import { createTestProject, TestProject } from '../test-helpers/temp-project';

const commands = (gates: PlannedGate[]) =>
    Object.fromEntries(gates.filter(gate => gate.kind === 'command').map(gate => [gate.name, gate.kind === 'command' ? gate.command : '']));
const names = (gates: PlannedGate[]) => gates.map(gate => gate.name);

describe('gate detection', () => {
    let project: TestProject | undefined;
    afterEach(() => project?.dispose());

    it('finds package.json scripts and runs them with the package manager of the lockfile', async () => {
        project = await createTestProject({
            'package.json': JSON.stringify({
                scripts: { build: 'tsc -b', lint: 'eslint .', test: 'jest', start: 'node .' },
                dependencies: { 'left-pad': '1.3.0' }
            }),
            'pnpm-lock.yaml': 'lockfileVersion: 9\n',
            'tsconfig.json': '{}'
        });
        const gates = await detectGates(project.root);
        assert.deepEqual(commands(gates), {
            build: 'pnpm run build',
            typecheck: 'pnpm exec tsc --noEmit',
            lint: 'pnpm run lint',
            test: 'pnpm run test'
        });
        const test = gates.find(gate => gate.name === 'test');
        assert.equal(test?.kind === 'command' && (test as PlannedCommandGate).relatedTestsCommand, 'pnpm exec jest --findRelatedTests --passWithNoTests {files}');
        assert.deepEqual(names(gates).slice(4), ['secret-scan', 'tests-not-deleted', 'license-check']);
    });

    it('prefers a typecheck script to tsc, uses npm without a lockfile, and ignores npm\'s placeholder test script', async () => {
        project = await createTestProject({
            'package.json': JSON.stringify({ scripts: { typecheck: 'tsc -p . --noEmit', test: 'echo "Error: no test specified" && exit 1' } }),
            'tsconfig.json': '{}'
        });
        const gates = await detectGates(project.root);
        assert.deepEqual(commands(gates), { typecheck: 'npm run typecheck' });
        assert.ok(!names(gates).includes('license-check'), 'no dependencies, no license check');
    });

    it('a lone tsconfig.json gives a tsc --noEmit typecheck', async () => {
        project = await createTestProject({ 'tsconfig.json': '{}', 'src/a.ts': 'export const a = 1;\n' });
        assert.deepEqual(commands(await detectGates(project.root)), { typecheck: 'npx tsc --noEmit' });
    });

    it('finds Makefile targets, pytest, go and cargo, prefixing names already taken', async () => {
        project = await createTestProject({
            'Makefile': '.PHONY: build test\nCC := gcc\nbuild test: deps\n\t@echo hi\nlint:\n\t@true\ninstall:\n\t@true\n',
            'pyproject.toml': '[project]\nname = "x"\n[tool.pytest.ini_options]\naddopts = "-q"\n[tool.ruff]\n',
            'go.mod': 'module example.com/x\n'
        });
        assert.deepEqual(commands(await detectGates(project.root)), {
            build: 'make build',
            lint: 'make lint',
            test: 'make test',
            'python-lint': 'ruff check .',
            'python-test': 'python3 -m pytest -q',
            'go-build': 'go build ./...',
            'go-lint': 'go vet ./...',
            'go-test': 'go test ./...'
        });
    });

    it('an empty project gets only the built-in gates', async () => {
        project = await createTestProject({ 'README.md': '# nothing to build\n' });
        assert.deepEqual(names(await detectGates(project.root)), ['secret-scan', 'tests-not-deleted']);
    });
});
