import { z } from 'zod';

export const MIB = 1024 * 1024;

export const workspacePath = (what: string) => z.string().min(1)
    .describe(`${what}: relative to the workspace root, or absolute inside it.`);

export const positiveInteger = (description: string) => z.int().min(1).describe(description);

export const processId = z.string().min(1).describe('The processId returned by run_command.');

export const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
