import { z } from 'zod';

/** One step of opening a sandbox, as the "Starting…" page and the IDE show it. */
export const openStepSchema = z.object({
    label: z.string(),
    /** Milliseconds since the open began. */
    atMs: z.number()
});

/**
 * The answer to SANDBOX_STATUS_PATH (workspace-origin.ts): what a tab needs to tell its user what
 * happens to the sandbox, without asking the sandbox.
 */
export const sandboxStatusSchema = z.object({
    state: z.enum(['running', 'starting', 'stopped', 'failed', 'deleted']),
    /** Opening: the steps so far; after a failure, the cause and what to do. */
    steps: z.array(openStepSchema).optional(),
    error: z.string().optional(),
    /** Why it stopped: "stopped by you", "idle for 30 minutes", … */
    stoppedBecause: z.string().optional(),
    /** When it will be stopped for idleness, shown as a warning shortly before (ISO time). */
    idleStopAt: z.string().optional()
});
export type SandboxStatusReport = z.infer<typeof sandboxStatusSchema>;
