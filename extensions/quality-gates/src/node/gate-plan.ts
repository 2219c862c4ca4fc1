import { GateDescription, GateKind } from '../common/gate-results';

/** A gate ready to run: its settings with every default filled in. */
export type PlannedGate = PlannedCommandGate | PlannedSecretScanGate | PlannedLicenseCheckGate | PlannedTestsNotDeletedGate;

interface PlannedGateBase {
    name: string;
    kind: GateKind;
    source: GateDescription['source'];
    timeoutSeconds: number;
}

export interface PlannedCommandGate extends PlannedGateBase {
    kind: 'command';
    command: string;
    /** Relative to the root. */
    cwd?: string;
    env?: Record<string, string>;
    parallel: boolean;
    /** With "{files}" where the changed files go. */
    relatedTestsCommand?: string;
}

export interface PlannedSecretScanGate extends PlannedGateBase {
    kind: 'secret-scan';
    ignore: string[];
}

export interface PlannedLicenseCheckGate extends PlannedGateBase {
    kind: 'license-check';
    allow: string[];
    ignorePackages: string[];
}

export interface PlannedTestsNotDeletedGate extends PlannedGateBase {
    kind: 'tests-not-deleted';
    /** Globs replacing the default test file patterns. */
    testFiles?: string[];
}

export function describeGate(gate: PlannedGate): GateDescription {
    return {
        name: gate.name,
        kind: gate.kind,
        source: gate.source,
        ...(gate.kind === 'command' && { command: gate.command })
    };
}
