import { DEFAULT_COMMAND_TIMEOUT_SECONDS, GateConfig, GatesConfig } from './gates-config-schema';
import { QualityGateConfigError, readGatesConfig } from './gates-config';
import { detectCommandGates, detectGates, hasDependencies, licenseCheckGate, secretScanGate, testsNotDeletedGate } from './gate-detection';
import { PlannedGate } from './gate-plan';

/**
 * The gates of root: from `.ide/gates.json` when it exists (plus detected command gates when it
 * asks for them), otherwise detected; the built-in gates unless the file turns them off.
 * Throws QualityGateConfigError for an invalid file.
 */
export async function resolveGates(root: string): Promise<PlannedGate[]> {
    const config = await readGatesConfig(root);
    return config ? gatesFromConfig(root, config) : detectGates(root);
}

export async function gatesFromConfig(root: string, config: GatesConfig): Promise<PlannedGate[]> {
    const configured = config.gates ?? [];
    const nameOf = (gate: GateConfig) => gate.name ?? gate.kind;
    const gates: PlannedGate[] = [];
    for (const gate of configured) {
        if (gate.kind === 'command' && gate.enabled !== false) {
            gates.push({
                kind: 'command', name: gate.name, source: 'config', command: gate.command, cwd: gate.cwd, env: gate.env,
                timeoutSeconds: gate.timeoutSeconds ?? DEFAULT_COMMAND_TIMEOUT_SECONDS, parallel: gate.parallel ?? false,
                relatedTestsCommand: gate.relatedTestsCommand
            });
        }
    }
    const detect = config.detect ?? !configured.some(gate => gate.kind === 'command');
    if (detect) {
        const names = new Set(configured.map(nameOf));
        gates.push(...(await detectCommandGates(root)).filter(gate => !names.has(gate.name)));
    }

    const builtin = <K extends GateConfig['kind']>(kind: K) =>
        configured.find((gate): gate is Extract<GateConfig, { kind: K }> => gate.kind === kind);
    const secretScan = builtin('secret-scan');
    if (secretScan?.enabled !== false) {
        gates.push(secretScanGate(withoutUndefined({
            name: secretScan?.name, ignore: secretScan?.ignore, timeoutSeconds: secretScan?.timeoutSeconds, source: secretScan && 'config'
        })));
    }
    const testsNotDeleted = builtin('tests-not-deleted');
    if (testsNotDeleted?.enabled !== false) {
        gates.push(testsNotDeletedGate(withoutUndefined({
            name: testsNotDeleted?.name, testFiles: testsNotDeleted?.testFiles, timeoutSeconds: testsNotDeleted?.timeoutSeconds,
            source: testsNotDeleted && 'config'
        })));
    }
    const licenseCheck = builtin('license-check');
    if (licenseCheck ? licenseCheck.enabled !== false : await hasDependencies(root)) {
        gates.push(licenseCheckGate(withoutUndefined({
            name: licenseCheck?.name, allow: licenseCheck?.allow, ignorePackages: licenseCheck?.ignorePackages,
            timeoutSeconds: licenseCheck?.timeoutSeconds, source: licenseCheck && 'config'
        })));
    }
    return gates;
}

/** The named gates, in the order of `gates`; all of them when names is undefined. */
export function selectGates(gates: PlannedGate[], names: string[] | undefined): PlannedGate[] {
    if (names === undefined) {
        return gates;
    }
    const unknown = names.filter(name => !gates.some(gate => gate.name === name));
    if (unknown.length > 0) {
        throw new QualityGateConfigError(`unknown gate${unknown.length > 1 ? 's' : ''} ${unknown.map(name => JSON.stringify(name)).join(', ')}; ` +
            `this project's gates are: ${gates.map(gate => gate.name).join(', ') || 'none'}`);
    }
    return gates.filter(gate => names.includes(gate.name));
}

function withoutUndefined<T extends object>(settings: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
    return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
