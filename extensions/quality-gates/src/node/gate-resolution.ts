import { GateKindConfig, GateKindContribution } from './gate-kind-contribution';
import { BUNDLED_GATE_KINDS } from './gate-kinds';
import { gatesConfigSchema, gatesConfigSchemaFor } from './gates-config-schema';
import { GatesConfig } from './gates-config-schema';
import { QualityGateConfigError, readGatesConfig } from './gates-config';
import { PlannedGate } from './gate-plan';

/**
 * The gates of root: what each gate kind plans from `.ide/gates.json` (its entries of that kind) or,
 * without the file, by itself (detected command gates, the built-in gates).
 * Throws QualityGateConfigError for an invalid file.
 */
export async function resolveGates(root: string, kinds: readonly GateKindContribution[] = BUNDLED_GATE_KINDS): Promise<PlannedGate[]> {
    const config = await readGatesConfig(root, kinds === BUNDLED_GATE_KINDS ? gatesConfigSchema : gatesConfigSchemaFor(kinds));
    return planGates(root, config, kinds);
}

/** Every gate a project without `.ide/gates.json` gets. */
export function detectGates(root: string, kinds: readonly GateKindContribution[] = BUNDLED_GATE_KINDS): Promise<PlannedGate[]> {
    return planGates(root, undefined, kinds);
}

export async function planGates(root: string, config: GatesConfig | undefined, kinds: readonly GateKindContribution[] = BUNDLED_GATE_KINDS): Promise<PlannedGate[]> {
    const entries: GateKindConfig[] = config?.gates ?? [];
    const configuredNames = new Set(entries.map(gate => gate.name ?? gate.kind));
    const gates: PlannedGate[] = [];
    for (const kind of kinds) {
        const configured = config && entries.filter(gate => gate.kind === kind.kind);
        gates.push(...await kind.plan({ root, configured, detect: config?.detect, configuredNames }));
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
