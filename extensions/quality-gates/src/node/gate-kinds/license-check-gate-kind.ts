import { z } from 'zod';
import { DEFAULT_BUILTIN_TIMEOUT_SECONDS, oneGateEntry, planOneGate } from '../gate-config-fields';
import { capFindings, findingLines } from '../gate-context';
import { hasDependencies } from '../gate-detection';
import { GateKindContribution } from '../gate-kind-contribution';
import { PlannedGate } from '../gate-plan';
import { checkLicenses, DEFAULT_ALLOWED_LICENSES, InvalidAllowListError } from '../license-check';

const configSchema = oneGateEntry('license-check', {
    allow: z.array(z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }), { error: 'must be an array of SPDX license ids' })
        .describe(`SPDX ids a dependency's license must satisfy (default: ${DEFAULT_ALLOWED_LICENSES.join(', ')}).`).optional(),
    ignorePackages: z.array(z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }), { error: 'must be an array of package names' })
        .describe('Package names not checked (e.g. your own private packages).').optional()
});

export interface PlannedLicenseCheckGate extends PlannedGate {
    allow: string[];
    ignorePackages: string[];
}

/** The licenses of the installed npm packages against an allow-list; by default only where package.json declares dependencies. */
export const licenseCheckGateKind: GateKindContribution<z.infer<typeof configSchema>, PlannedLicenseCheckGate> = {
    kind: 'license-check',
    instances: 'one',
    configSchema,
    async plan({ root, configured }) {
        if (!configured?.length && !await hasDependencies(root)) {
            return [];
        }
        return planOneGate(configured, {
            name: 'license-check', kind: 'license-check', source: 'builtin', allow: DEFAULT_ALLOWED_LICENSES, ignorePackages: [], timeoutSeconds: DEFAULT_BUILTIN_TIMEOUT_SECONDS
        }, config => ({ allow: config.allow, ignorePackages: config.ignorePackages }));
    },
    async run(gate, context) {
        let result;
        try {
            result = await checkLicenses(context.root, { allow: gate.allow, ignorePackages: gate.ignorePackages, signal: context.signal });
        } catch (error) {
            if (error instanceof InvalidAllowListError) {
                return { status: 'error', reason: `.ide/gates.json: license-check ${error.message}`, findings: [], log: '' };
            }
            throw error;
        }
        if (!result.installed) {
            return { status: 'skipped', reason: 'no node_modules: install the dependencies first', findings: [], log: '' };
        }
        const log = `license check of ${result.packagesChecked} installed packages against ${gate.allow.join(', ')}\n` + findingLines(result.findings);
        return { status: result.findings.length ? 'fail' : 'pass', log, ...capFindings(result.findings) };
    }
};
