import { z } from 'zod';
import { GateKindConfig, GateKindContribution } from './gate-kind-contribution';
import { BUNDLED_GATE_KINDS } from './gate-kinds';

/*
 * `.ide/gates.json`: `detect` and a list of `gates`, each an entry of one gate kind's schema.
 * schema/gates.schema.json is z.toJSONSchema of the bundled kinds' schema
 * (scripts/write-gates-schema.js writes it; gates-config.test checks it is current).
 */

export interface GatesConfig {
    $schema?: string;
    detect?: boolean;
    gates?: GateKindConfig[];
}

/** The schema of the file for these gate kinds. */
export function gatesConfigSchemaFor(kinds: readonly GateKindContribution[]): z.ZodType<GatesConfig> {
    const [first, ...rest] = kinds.map(kind => kind.configSchema);
    const entry = z.discriminatedUnion('kind', [first, ...rest], { error: `must be one of ${kinds.map(kind => `"${kind.kind}"`).join(', ')}` });
    const builtinNames = new Set(kinds.filter(kind => kind.instances === 'one').map(kind => kind.kind));
    const many = new Set(kinds.filter(kind => kind.instances === 'many').map(kind => kind.kind));
    return z.strictObject({
        $schema: z.string().describe('The JSON schema of this file (for editors).').optional(),
        detect: z.boolean({ error: 'must be true or false' })
            .describe('Also run the command gates detected from the project (package.json scripts, tsconfig.json, Makefile, pyproject.toml, go.mod, ' +
                'Cargo.toml) whose names are not taken here. Default: true when `gates` lists no command gate, false otherwise.').optional(),
        gates: z.array(entry, { error: 'must be an array of gates' })
            .describe(`Command gates, and settings of the built-in gates (${[...builtinNames].join(', ')}), which always run ` +
                'unless listed here with "enabled": false.').optional()
    }).superRefine((config, context) => {
        const seen = new Map<string, number>();
        const onceKinds = new Map<string, number>();
        (config.gates as GateKindConfig[] | undefined ?? []).forEach((gate, index) => {
            const name = gate.name ?? gate.kind;
            const first = seen.get(name);
            if (first !== undefined) {
                context.addIssue({ code: 'custom', path: ['gates', index, 'name'], message: `"${name}" is already the name of gates[${first}]` });
            } else {
                seen.set(name, index);
            }
            if (!many.has(gate.kind)) {
                const earlier = onceKinds.get(gate.kind);
                if (earlier !== undefined) {
                    context.addIssue({ code: 'custom', path: ['gates', index, 'kind'], message: `the ${gate.kind} gate is configured twice (also gates[${earlier}])` });
                } else {
                    onceKinds.set(gate.kind, index);
                }
            } else if (gate.name !== undefined && builtinNames.has(gate.name)) {
                context.addIssue({ code: 'custom', path: ['gates', index, 'name'], message: `"${gate.name}" is the name of a built-in gate` });
            }
        });
    }) as z.ZodType<GatesConfig>;
}

export const gatesConfigSchema = gatesConfigSchemaFor(BUNDLED_GATE_KINDS);

/** The JSON schema published at schema/gates.schema.json. */
export function gatesJsonSchema(): Record<string, unknown> {
    return {
        ...z.toJSONSchema(gatesConfigSchema, { io: 'input' }),
        title: 'Quality gates (.ide/gates.json)'
    };
}
