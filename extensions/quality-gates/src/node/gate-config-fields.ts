import { z } from 'zod';

/* The fields every gate kind's entry in `.ide/gates.json` is made of. */

export const DEFAULT_COMMAND_TIMEOUT_SECONDS = 600;
export const DEFAULT_BUILTIN_TIMEOUT_SECONDS = 300;
export const MAX_TIMEOUT_SECONDS = 86_400;

export const GATE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const gateName = z.string({ error: 'must be a string' })
    .regex(GATE_NAME_PATTERN, { error: 'must start with a letter or digit and contain only letters, digits, ".", "_" and "-"' })
    .max(64, { error: 'must be at most 64 characters' });

export const timeoutSeconds = z.int({ error: 'must be a whole number of seconds' })
    .min(1, { error: 'must be at least 1 second' })
    .max(MAX_TIMEOUT_SECONDS, { error: `must be at most ${MAX_TIMEOUT_SECONDS} seconds (24 hours)` })
    .describe('Stop the gate (killing everything it started) and report error after this many seconds.');

export const enabled = z.boolean({ error: 'must be true or false' }).describe('false turns the gate off (default true).');

export const globs = (what: string) => z.array(z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }), { error: 'must be an array of glob patterns' })
    .describe(what);

/** The settings a file may give a gate of kind `kind` that runs once unless turned off, with its own fields. */
export function oneGateEntry<Shape extends z.ZodRawShape>(kind: string, shape: Shape) {
    return z.strictObject({
        kind: z.literal(kind),
        name: gateName.describe(`Default "${kind}".`).optional(),
        ...shape,
        timeoutSeconds: timeoutSeconds.optional(),
        enabled: enabled.optional()
    });
}

/** Settings given in the file, without the ones it left out (so that the kind's defaults stay). */
function withoutUndefined<T extends object>(settings: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
    return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/**
 * The gate of a kind that runs once unless the file turns it off: `defaults` (source `builtin`)
 * with what its entry in the file sets (source `config`).
 */
export function planOneGate<Config extends { name?: string; timeoutSeconds?: number; enabled?: boolean }, Planned extends object>(
    configured: Config[] | undefined, defaults: Planned, settings: (config: Config) => Partial<Record<keyof Planned, unknown>>
): Planned[] {
    const config = configured?.[0];
    if (config?.enabled === false) {
        return [];
    }
    return [config
        ? { ...defaults, ...withoutUndefined({ name: config.name, timeoutSeconds: config.timeoutSeconds, ...settings(config) }), source: 'config' }
        : defaults];
}
