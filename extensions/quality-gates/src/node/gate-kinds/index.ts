import { GateKindContribution } from '../gate-kind-contribution';
import { commandGateKind } from './command-gate-kind';
import { licenseCheckGateKind } from './license-check-gate-kind';
import { secretScanGateKind } from './secret-scan-gate-kind';
import { testsNotDeletedGateKind } from './tests-not-deleted-gate-kind';

/**
 * The gate kinds this extension brings, in the order a run lists their gates. The backend module
 * binds each as a GateKindContribution; the published schema/gates.schema.json is made of them.
 */
export const BUNDLED_GATE_KINDS: readonly GateKindContribution[] = [
    commandGateKind, secretScanGateKind, testsNotDeletedGateKind, licenseCheckGateKind
] as readonly GateKindContribution<any, any>[];
