import { GateDescription, GateKind } from '../common/gate-results';

/** A gate ready to run: its settings with every default filled in; each kind adds its own. */
export interface PlannedGate {
    name: string;
    kind: GateKind;
    source: GateDescription['source'];
    timeoutSeconds: number;
    /** What it runs, when it is a command (shown in the view). */
    command?: string;
}

export function describeGate(gate: PlannedGate): GateDescription {
    return {
        name: gate.name,
        kind: gate.kind,
        source: gate.source,
        ...(gate.command !== undefined && { command: gate.command })
    };
}
