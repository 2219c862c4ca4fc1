import { z } from 'zod';
import { SandboxToolDefinition } from '../sandbox-tool-definition';
import { DEFAULT_COMMAND_TIMEOUT_MS, MAX_COMMAND_OUTPUT_BYTES, MAX_COMMAND_TIMEOUT_MS } from '../tool-limits';
import { MIB, workspacePath } from './argument-parts';

export const runCommand = {
    name: 'run_command',
    title: 'Run command',
    description: 'Run a shell command with `bash -lc` in the sandbox and return its exit code and combined stdout and stderr ' +
        `(the last ${MAX_COMMAND_OUTPUT_BYTES / MIB} MiB when longer, marked as cut). If it is still running at timeoutMs ` +
        'it is not killed: it keeps running in the background and the result gives a processId; poll it with ' +
        'read_process_output and stop it with kill_process.',
    inputSchema: z.strictObject({
        command: z.string().min(1).describe('The command line, run by bash -lc.'),
        cwd: workspacePath('Working directory (default: the workspace root)').optional(),
        env: z.record(z.string(), z.string()).optional().describe('Extra environment variables, exported after the login profile is read (they win over it).'),
        timeoutMs: z.int().min(1).max(MAX_COMMAND_TIMEOUT_MS,
            `the cap is ${MAX_COMMAND_TIMEOUT_MS} ms; a command still running then keeps running in the background ` +
            'and can be polled with read_process_output').optional()
            .describe(`How long to wait for the command before returning (default ${DEFAULT_COMMAND_TIMEOUT_MS}, at most ${MAX_COMMAND_TIMEOUT_MS}).`)
    }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false }
} satisfies SandboxToolDefinition;

export type RunCommandArguments = z.infer<typeof runCommand.inputSchema>;
