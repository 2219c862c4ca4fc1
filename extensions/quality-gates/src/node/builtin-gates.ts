import { GateFinding } from '../common/gate-results';
import { capFindings, GateContext, GateOutcome } from './gate-context';
import { PlannedLicenseCheckGate, PlannedSecretScanGate, PlannedTestsNotDeletedGate } from './gate-plan';
import { checkLicenses, InvalidAllowListError } from './license-check';
import { scanSecrets } from './secret-scan';
import { checkTestsNotDeleted } from './tests-not-deleted';

export async function runSecretScanGate(gate: PlannedSecretScanGate, context: GateContext): Promise<GateOutcome> {
    const scope = context.changedFiles ? `${context.changedFiles.length} changed files` : 'the whole tree';
    const result = await scanSecrets(context.root, { files: context.changedFiles, ignore: gate.ignore, signal: context.signal });
    const log = `secret scan of ${scope}: ${result.filesScanned} files scanned, ${result.filesSkipped} skipped (binary, over 1 MiB or missing)` +
        (gate.ignore.length ? `, ignoring ${gate.ignore.join(', ')}` : '') + '\n' + findingLines(result.findings);
    return { status: result.findings.length ? 'fail' : 'pass', log, ...capFindings(result.findings) };
}

export async function runLicenseCheckGate(gate: PlannedLicenseCheckGate, context: GateContext): Promise<GateOutcome> {
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

export async function runTestsNotDeletedGate(gate: PlannedTestsNotDeletedGate, context: GateContext): Promise<GateOutcome> {
    const result = await checkTestsNotDeleted(context.root, { baseRef: context.baseRef, testFiles: gate.testFiles, signal: context.signal });
    if (result.status === 'not-applicable') {
        return { status: 'skipped', reason: result.reason, findings: [], log: '' };
    }
    const log = `${result.summary}\n${findingLines(result.findings)}`;
    return { status: result.findings.length ? 'fail' : 'pass', log, ...capFindings(result.findings) };
}

function findingLines(findings: GateFinding[]): string {
    return findings.map(finding => `${finding.file}:${finding.line}${finding.column ? `:${finding.column}` : ''}: ${finding.severity}: ` +
        `${finding.message}${finding.rule ? ` [${finding.rule}]` : ''}\n`).join('');
}
