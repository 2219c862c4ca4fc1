/*
 * The node-side API, usable without dependency injection (the bench imports it on the host).
 * In the Theia backend, inject QualityGateRunner (lib/node/quality-gate-runner) instead:
 * its runs show up live in the Quality Gates view.
 */
export * from '../common/gate-results';
export { runQualityGates, RunOptions } from './run-quality-gates';
export { detectCommandGates, detectPackageManager, PackageManager } from './gate-detection';
export { detectGates, planGates, resolveGates, selectGates } from './gate-resolution';
export { GateKindContribution, GateKindConfig, GatePlanning } from './gate-kind-contribution';
export { BUNDLED_GATE_KINDS } from './gate-kinds';
export { PlannedGate, describeGate } from './gate-plan';
export { readGatesConfig, parseGatesConfig, QualityGateConfigError, GATES_CONFIG_FILE } from './gates-config';
export { gatesJsonSchema, gatesConfigSchemaFor, GatesConfig } from './gates-config-schema';
export { scanSecrets, SecretScanOptions, SecretScanResult, MAX_SCANNED_FILE_BYTES } from './secret-scan';
export { checkLicenses, DEFAULT_ALLOWED_LICENSES, LicenseCheckOptions, LicenseCheckResult } from './license-check';
export { checkTestsNotDeleted, TestsNotDeletedOptions, TestsNotDeletedResult } from './tests-not-deleted';
export { parseOutputFindings } from './output-findings';
export { RunHistory, HISTORY_FILE, MAX_HISTORY_RUNS } from './run-history';
export { gateRunSummary } from './run-summary';
