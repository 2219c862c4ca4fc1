/*
 * The quality gate MCP tool, defined once (see sandbox-mcp's SandboxToolDefinition): the gateway
 * lists it in MCP `tools/list` and requires this file directly, so it imports only zod.
 */
import { z } from 'zod';
import type { SandboxToolDefinition } from '@ide/sandbox-mcp/lib/common/sandbox-tool-definition';

export const RUN_QUALITY_GATES_TOOL = 'run_quality_gates';

export const runQualityGates = {
    name: RUN_QUALITY_GATES_TOOL,
    title: 'Run quality gates',
    description: 'Run the project\'s quality gates in the sandbox and report which pass: the gates declared in ' +
        '.ide/gates.json, or those detected from the project (package.json scripts build/typecheck/lint/test, ' +
        'tsconfig.json, Makefile, pyproject.toml, go.mod, Cargo.toml), plus the built-in secret scan, license check ' +
        'and tests-not-deleted check. Runs the project\'s own commands (builds and tests may write files). ' +
        'Each gate is pass, fail, error (could not run, timed out) or skipped, with findings as file:line. ' +
        'The text is a summary with the end of each failing gate\'s log (bounded, marked when cut); ' +
        'structuredContent holds the whole run result.',
    inputSchema: z.strictObject({
        gates: z.array(z.string().min(1)).min(1).optional()
            .describe('Names of the gates to run (e.g. ["typecheck", "secret-scan"]); all gates when omitted.'),
        changedFiles: z.array(z.string().min(1)).optional()
            .describe('Files changed, relative to the workspace root: the secret scan looks only at these and ' +
                'test gates run only related tests where the runner supports it. Omitted: the whole tree and the full suite.'),
        baseRef: z.string().min(1).optional()
            .describe('Git revision that tests-not-deleted compares the working tree with (default HEAD).')
    }),
    // It runs project-defined commands, which may change files (build output, snapshots).
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false }
} satisfies SandboxToolDefinition;

export type RunQualityGatesArguments = z.infer<typeof runQualityGates.inputSchema>;

export const QUALITY_GATE_TOOLS: readonly SandboxToolDefinition[] = [runQualityGates];
