import { z } from 'zod';
import { SandboxToolDefinition } from '../sandbox-tool-definition';
import { processId } from './argument-parts';

export const killProcess = {
    name: 'kill_process',
    title: 'Kill process',
    description: 'Stop a background command started by run_command and everything it started ' +
        '(SIGTERM, then SIGKILL after 2 s). Returns its final exit status.',
    inputSchema: z.strictObject({ processId }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false }
} satisfies SandboxToolDefinition;

export type KillProcessArguments = z.infer<typeof killProcess.inputSchema>;
