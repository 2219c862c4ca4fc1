import { afterEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as path from 'path';
import { Container } from '@theia/core/shared/inversify';
import { bindContributionProvider } from '@theia/core/lib/common/contribution-provider';
import { z } from 'zod';
import { oneGateEntry } from './gate-config-fields';
import { GateKindContribution } from './gate-kind-contribution';
import { BUNDLED_GATE_KINDS } from './gate-kinds';
import { PlannedGate } from './gate-plan';
import { QualityGateRunner } from './quality-gate-runner';
import { createTestProject, TestProject } from '../test-helpers/temp-project';

const configSchema = oneGateEntry('changelog', { file: z.string().min(1).optional() });

interface PlannedChangelogGate extends PlannedGate {
    file: string;
}

/** A kind another extension could bring: one file of its own. */
const changelogGateKind: GateKindContribution<z.infer<typeof configSchema>, PlannedChangelogGate> = {
    kind: 'changelog',
    instances: 'one',
    configSchema,
    async plan({ configured }) {
        const config = configured?.[0];
        return config?.enabled === false ? [] : [{
            name: config?.name ?? 'changelog', kind: 'changelog', source: config ? 'config' : 'builtin', timeoutSeconds: config?.timeoutSeconds ?? 10,
            file: config?.file ?? 'CHANGELOG.md'
        }];
    },
    async run(gate, context) {
        const present = await fs.access(path.join(context.root, gate.file)).then(() => true, () => false);
        return present
            ? { status: 'pass', findings: [], log: `${gate.file} is there\n` }
            : { status: 'fail', findings: [{ file: gate.file, line: 1, message: 'no changelog', severity: 'error' }], log: '' };
    }
};

function runnerWith(kinds: readonly GateKindContribution[]): QualityGateRunner {
    const container = new Container();
    bindContributionProvider(container, GateKindContribution);
    for (const kind of kinds) {
        container.bind(GateKindContribution).toConstantValue(kind);
    }
    container.bind(QualityGateRunner).toSelf().inSingletonScope();
    return container.get(QualityGateRunner);
}

describe('a gate kind is a contribution: one file and one binding', () => {
    let project: TestProject;
    afterEach(() => project?.dispose());

    it('is planned, configured through .ide/gates.json and run beside the bundled kinds', async () => {
        const runner = runnerWith([...BUNDLED_GATE_KINDS, changelogGateKind]);
        project = await createTestProject({ 'README.md': '# x\n' });
        assert.deepEqual((await runner.listGates(project.root)).gates.map(gate => gate.name), ['secret-scan', 'tests-not-deleted', 'changelog']);
        const failing = await runner.run({ root: project.root, gates: ['changelog'] }, { recordHistory: false });
        assert.equal(failing.gates[0].status, 'fail');
        assert.equal(failing.gates[0].kind, 'changelog');
        assert.equal(failing.gates[0].findings[0].message, 'no changelog');

        await project.write('NEWS.md', 'news\n');
        await project.write('.ide/gates.json', JSON.stringify({ gates: [{ kind: 'changelog', name: 'news', file: 'NEWS.md' }] }));
        const passing = await runner.run({ root: project.root, gates: ['news'] }, { recordHistory: false });
        assert.equal(passing.gates[0].status, 'pass');
        assert.equal(passing.gates[0].log, 'NEWS.md is there\n');

        await project.write('.ide/gates.json', JSON.stringify({ gates: [{ kind: 'changelog', file: 3 }] }));
        assert.match((await runner.listGates(project.root)).configError ?? '', /^\.ide\/gates\.json: gates\[0\]\.file: /);
        await project.write('.ide/gates.json', JSON.stringify({ gates: [{ kind: 'changelog' }, { kind: 'changelog' }] }));
        assert.match((await runner.listGates(project.root)).configError ?? '', /the changelog gate is configured twice/);
    });

    it('is unknown where it is not bound', async () => {
        const runner = runnerWith(BUNDLED_GATE_KINDS);
        project = await createTestProject({ '.ide/gates.json': JSON.stringify({ gates: [{ kind: 'changelog' }] }) });
        assert.match((await runner.listGates(project.root)).configError ?? '', /gates\[0\]\.kind: must be one of "command", "secret-scan", "tests-not-deleted", "license-check"/);
    });
});
