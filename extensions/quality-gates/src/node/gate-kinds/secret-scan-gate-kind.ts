import { DEFAULT_BUILTIN_TIMEOUT_SECONDS, globs, oneGateEntry, planOneGate } from '../gate-config-fields';
import { capFindings, findingLines } from '../gate-context';
import { GateKindContribution } from '../gate-kind-contribution';
import { PlannedGate } from '../gate-plan';
import { scanSecrets } from '../secret-scan';
import { z } from 'zod';

const configSchema = oneGateEntry('secret-scan', {
    ignore: globs('Files to skip, as globs relative to the project root (e.g. "test/fixtures/**"). .git and node_modules are always skipped.').optional()
});

export interface PlannedSecretScanGate extends PlannedGate {
    ignore: string[];
}

/** Known secret formats (secretlint's recommended rules) in the changed files or the whole tree. */
export const secretScanGateKind: GateKindContribution<z.infer<typeof configSchema>, PlannedSecretScanGate> = {
    kind: 'secret-scan',
    instances: 'one',
    configSchema,
    async plan({ configured }) {
        return planOneGate(configured, { name: 'secret-scan', kind: 'secret-scan', source: 'builtin', ignore: [], timeoutSeconds: DEFAULT_BUILTIN_TIMEOUT_SECONDS },
            config => ({ ignore: config.ignore }));
    },
    async run(gate, context) {
        const scope = context.changedFiles ? `${context.changedFiles.length} changed files` : 'the whole tree';
        const result = await scanSecrets(context.root, { files: context.changedFiles, ignore: gate.ignore, signal: context.signal });
        const log = `secret scan of ${scope}: ${result.filesScanned} files scanned, ${result.filesSkipped} skipped (binary, over 1 MiB or missing)` +
            (gate.ignore.length ? `, ignoring ${gate.ignore.join(', ')}` : '') + '\n' + findingLines(result.findings);
        return { status: result.findings.length ? 'fail' : 'pass', log, ...capFindings(result.findings) };
    }
};
