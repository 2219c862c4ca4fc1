import { z } from 'zod';
import { SandboxToolDefinition } from '../sandbox-tool-definition';
import { processId, READ_ONLY } from './argument-parts';

export const readProcessOutput = {
    name: 'read_process_output',
    title: 'Read process output',
    description: 'Read the output of a command that run_command moved to the background: whether it still runs, ' +
        'its exit code, and the output from offset on. Pass the returned nextOffset as offset to read only new output.',
    inputSchema: z.strictObject({
        processId,
        offset: z.int().min(0).optional().describe('Byte offset into the output (default 0).')
    }),
    annotations: READ_ONLY
} satisfies SandboxToolDefinition;

export type ReadProcessOutputArguments = z.infer<typeof readProcessOutput.inputSchema>;
