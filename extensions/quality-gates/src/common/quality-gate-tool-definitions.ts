/*
 * The quality gate MCP tool as plain data: the gateway lists it in MCP `tools/list` (it requires
 * this file directly, so it imports nothing at run time). The sandbox validates arguments with a
 * zod schema that a unit test holds equal to this one.
 */
import type { ToolDefinition } from '@ide/sandbox-mcp/lib/common/tool-definitions';

export const RUN_QUALITY_GATES_TOOL = 'run_quality_gates';

export const QUALITY_GATE_TOOLS: ToolDefinition[] = [
    {
        name: RUN_QUALITY_GATES_TOOL,
        title: 'Run quality gates',
        description: 'Run the project\'s quality gates in the sandbox and report which pass: the gates declared in ' +
            '.ide/gates.json, or those detected from the project (package.json scripts build/typecheck/lint/test, ' +
            'tsconfig.json, Makefile, pyproject.toml, go.mod, Cargo.toml), plus the built-in secret scan, license check ' +
            'and tests-not-deleted check. Runs the project\'s own commands (builds and tests may write files). ' +
            'Each gate is pass, fail, error (could not run, timed out) or skipped, with findings as file:line. ' +
            'The text is a summary with the end of each failing gate\'s log (bounded, marked when cut); ' +
            'structuredContent holds the whole run result.',
        inputSchema: {
            type: 'object',
            properties: {
                gates: {
                    type: 'array',
                    items: { type: 'string', minLength: 1 },
                    minItems: 1,
                    description: 'Names of the gates to run (e.g. ["typecheck", "secret-scan"]); all gates when omitted.'
                },
                changedFiles: {
                    type: 'array',
                    items: { type: 'string', minLength: 1 },
                    description: 'Files changed, relative to the workspace root: the secret scan looks only at these and ' +
                        'test gates run only related tests where the runner supports it. Omitted: the whole tree and the full suite.'
                },
                baseRef: {
                    type: 'string',
                    minLength: 1,
                    description: 'Git revision that tests-not-deleted compares the working tree with (default HEAD).'
                }
            },
            required: [],
            additionalProperties: false
        },
        // It runs project-defined commands, which may change files (build output, snapshots).
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false }
    }
];
