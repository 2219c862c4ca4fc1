import { z } from 'zod';
import { DEFAULT_BUILTIN_TIMEOUT_SECONDS, globs, oneGateEntry, planOneGate } from '../gate-config-fields';
import { capFindings, findingLines } from '../gate-context';
import { GateKindContribution } from '../gate-kind-contribution';
import { PlannedGate } from '../gate-plan';
import { checkTestsNotDeleted } from '../tests-not-deleted';

const configSchema = oneGateEntry('tests-not-deleted', {
    testFiles: globs('Globs that name test files, replacing the defaults (*.test.*, *.spec.*, __tests__/, test_*.py, *_test.py, *_test.go, tests/*.rs).').optional()
});

export interface PlannedTestsNotDeletedGate extends PlannedGate {
    /** Globs replacing the default test file patterns. */
    testFiles?: string[];
}

/** Against the Git base: no test file deleted, no test skipped or focused. */
export const testsNotDeletedGateKind: GateKindContribution<z.infer<typeof configSchema>, PlannedTestsNotDeletedGate> = {
    kind: 'tests-not-deleted',
    instances: 'one',
    configSchema,
    async plan({ configured }) {
        const defaults: PlannedTestsNotDeletedGate = { name: 'tests-not-deleted', kind: 'tests-not-deleted', source: 'builtin', timeoutSeconds: DEFAULT_BUILTIN_TIMEOUT_SECONDS };
        return planOneGate(configured, defaults, config => ({ testFiles: config.testFiles }));
    },
    async run(gate, context) {
        const result = await checkTestsNotDeleted(context.root, { baseRef: context.baseRef, testFiles: gate.testFiles, signal: context.signal });
        if (result.status === 'not-applicable') {
            return { status: 'skipped', reason: result.reason, findings: [], log: '' };
        }
        const log = `${result.summary}\n${findingLines(result.findings)}`;
        return { status: result.findings.length ? 'fail' : 'pass', log, ...capFindings(result.findings) };
    }
};
