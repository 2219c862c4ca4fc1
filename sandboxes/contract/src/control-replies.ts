import { z } from 'zod';

/** The relay's answer to READY_PATH (control-channel.ts). */
export const readinessSchema = z.object({ ready: z.boolean() });
export type Readiness = z.infer<typeof readinessSchema>;

/** Largest answer to READY_PATH the gateway reads. */
export const MAX_READINESS_BYTES = 4 * 1024;
