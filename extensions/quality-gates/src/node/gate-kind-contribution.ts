import { z } from 'zod';
import { GateContext, GateOutcome } from './gate-context';
import { PlannedGate } from './gate-plan';

/**
 * One kind of quality gate, an extension point: how `.ide/gates.json` configures it, which gates of
 * it a project gets, and how one runs. Bound with `bind(GateKindContribution).toConstantValue(kind)`;
 * the runner, the config schema and the view take every kind bound.
 */
export const GateKindContribution = Symbol('GateKindContribution');

export interface GateKindContribution<Config extends GateKindConfig = GateKindConfig, Planned extends PlannedGate = PlannedGate> {
    readonly kind: string;
    /**
     * `many`: the file lists any number of them, each named (command gates); `one`: a gate named
     * after its kind that runs unless the file turns it off, where the file only tunes it.
     */
    readonly instances: 'one' | 'many';
    /** A strict zod object with `kind: z.literal(kind)`: one entry of the file's `gates`. */
    readonly configSchema: z.ZodObject;
    /** The gates of this kind for `root`: `configured` are the file's entries of this kind, undefined without a file. */
    plan(planning: GatePlanning<Config>): Promise<Planned[]>;
    run(gate: Planned, context: GateContext): Promise<GateOutcome>;
    /** Whether it may run alongside other gates (default: yes). */
    runsInParallel?(gate: Planned): boolean;
    /** On a stop, it ends what it started and returns its own outcome, which the runner waits for (default: the runner reports the stop). */
    readonly endsItselfWhenStopped?: boolean;
}

export interface GateKindConfig {
    kind: string;
    name?: string;
    enabled?: boolean;
    timeoutSeconds?: number;
}

export interface GatePlanning<Config extends GateKindConfig> {
    root: string;
    configured: Config[] | undefined;
    /** The file's `detect`, and the names its entries take. */
    detect?: boolean;
    configuredNames: ReadonlySet<string>;
}
