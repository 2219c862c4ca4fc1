/*
 * The tools a sandbox executes, as plain data: the gateway lists them in MCP `tools/list`
 * (it requires this file directly, so it depends on nothing but the gateway-sandbox contract).
 * The sandbox validates arguments with zod schemas that a unit test holds equal to these.
 */
import {
    DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_SEARCH_RESULTS, MAX_COMMAND_OUTPUT_BYTES, MAX_COMMAND_TIMEOUT_MS,
    MAX_DIRECTORY_ENTRIES, MAX_READ_BYTES, MAX_SEARCH_RESULTS
} from './tool-limits';

export * from './tool-limits';
export * from './tool-wire-format';

export interface JsonSchemaObject {
    type: 'object';
    properties: Record<string, object>;
    required: string[];
    additionalProperties: false;
}

export interface ToolAnnotations {
    readOnlyHint: boolean;
    destructiveHint: boolean;
    idempotentHint: boolean;
    /** Sandboxes have no network by default; the tools touch only the workspace and its processes. */
    openWorldHint: false;
}

export interface ToolDefinition {
    name: string;
    title: string;
    description: string;
    inputSchema: JsonSchemaObject;
    annotations: ToolAnnotations;
}

const MIB = 1024 * 1024;

const READ_ONLY: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

const workspacePath = (what: string) => ({
    type: 'string',
    minLength: 1,
    description: `${what}: relative to the workspace root, or absolute inside it.`
});

const positiveInteger = (description: string) => ({ type: 'integer', minimum: 1, description });

const processId = { type: 'string', minLength: 1, description: 'The processId returned by run_command.' };

export const SANDBOX_TOOLS: ToolDefinition[] = [
    {
        name: 'read_text_file',
        title: 'Read text file',
        description: 'Read a UTF-8 text file in the workspace. Without options returns the whole file. ' +
            'Select lines with offset and limit, or with head, or with tail (these three ways exclude each other). ' +
            `At most ${MAX_READ_BYTES / MIB} MiB are returned; when the text is cut it says so at its end, and ` +
            'structuredContent reports truncated, totalBytes and totalLines.',
        inputSchema: {
            type: 'object',
            properties: {
                path: workspacePath('The file'),
                offset: positiveInteger('First line to return, 1-based.'),
                limit: positiveInteger('How many lines to return from offset (default: to the end).'),
                head: positiveInteger('Return only the first N lines.'),
                tail: positiveInteger('Return only the last N lines.')
            },
            required: ['path'],
            additionalProperties: false
        },
        annotations: READ_ONLY
    },
    {
        name: 'write_file',
        title: 'Write file',
        description: 'Create a file, or overwrite it completely, with the given content. Missing parent directories are created. ' +
            'Prefer edit_file to change part of an existing file.',
        inputSchema: {
            type: 'object',
            properties: {
                path: workspacePath('The file'),
                content: { type: 'string', description: 'The complete new content (UTF-8).' }
            },
            required: ['path', 'content'],
            additionalProperties: false
        },
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false }
    },
    {
        name: 'edit_file',
        title: 'Edit file',
        description: 'Replace exact text in a file. Edits apply in order; each oldText must occur exactly once in the file ' +
            'as the previous edits left it (include surrounding lines to make it unique). Returns a unified diff. ' +
            'With dryRun the diff is returned and nothing is written.',
        inputSchema: {
            type: 'object',
            properties: {
                path: workspacePath('The file'),
                edits: {
                    type: 'array',
                    minItems: 1,
                    description: 'The replacements, applied in order.',
                    items: {
                        type: 'object',
                        properties: {
                            oldText: { type: 'string', minLength: 1, description: 'Text to find; must occur exactly once.' },
                            newText: { type: 'string', description: 'Text to put in its place.' }
                        },
                        required: ['oldText', 'newText'],
                        additionalProperties: false
                    }
                },
                dryRun: { type: 'boolean', description: 'Only return the diff (default false).' }
            },
            required: ['path', 'edits'],
            additionalProperties: false
        },
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false }
    },
    {
        name: 'list_directory',
        title: 'List directory',
        description: 'List a directory of the workspace: one line per entry, "[DIR] name" or "[FILE] name", sorted by name. ' +
            `Shows at most ${MAX_DIRECTORY_ENTRIES} entries and says how many more there are.`,
        inputSchema: {
            type: 'object',
            properties: {
                path: workspacePath('The directory ("." is the workspace root)')
            },
            required: ['path'],
            additionalProperties: false
        },
        annotations: READ_ONLY
    },
    {
        name: 'search_files',
        title: 'Search file contents',
        description: 'Search file contents with ripgrep. Returns lines "file:line: text" with paths relative to the workspace root. ' +
            'Respects .gitignore, includes hidden files, skips .git. Results are cut at maxResults and the output says so.',
        inputSchema: {
            type: 'object',
            properties: {
                pattern: { type: 'string', minLength: 1, description: 'Regular expression, ripgrep (Rust regex) syntax.' },
                path: workspacePath('Directory or file to search (default: the workspace root)'),
                glob: { type: 'string', minLength: 1, description: 'Only search files matching this glob, e.g. "*.ts" or "src/**/*.py"; prefix with ! to exclude.' },
                caseSensitive: { type: 'boolean', description: 'true: match case; false: ignore case; omitted: smart case (case-sensitive only when pattern has an uppercase letter).' },
                maxResults: {
                    type: 'integer', minimum: 1, maximum: MAX_SEARCH_RESULTS,
                    description: `Most matching lines to return (default ${DEFAULT_SEARCH_RESULTS}, at most ${MAX_SEARCH_RESULTS}).`
                }
            },
            required: ['pattern'],
            additionalProperties: false
        },
        annotations: READ_ONLY
    },
    {
        name: 'run_command',
        title: 'Run command',
        description: 'Run a shell command with `bash -lc` in the sandbox and return its exit code and combined stdout and stderr ' +
            `(the last ${MAX_COMMAND_OUTPUT_BYTES / MIB} MiB when longer, marked as cut). If it is still running at timeoutMs ` +
            'it is not killed: it keeps running in the background and the result gives a processId; poll it with ' +
            'read_process_output and stop it with kill_process.',
        inputSchema: {
            type: 'object',
            properties: {
                command: { type: 'string', minLength: 1, description: 'The command line, run by bash -lc.' },
                cwd: workspacePath('Working directory (default: the workspace root)'),
                env: { type: 'object', additionalProperties: { type: 'string' }, description: 'Extra environment variables.' },
                timeoutMs: {
                    type: 'integer', minimum: 1, maximum: MAX_COMMAND_TIMEOUT_MS,
                    description: `How long to wait for the command before returning (default ${DEFAULT_COMMAND_TIMEOUT_MS}, at most ${MAX_COMMAND_TIMEOUT_MS}).`
                }
            },
            required: ['command'],
            additionalProperties: false
        },
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false }
    },
    {
        name: 'read_process_output',
        title: 'Read process output',
        description: 'Read the output of a command that run_command moved to the background: whether it still runs, ' +
            'its exit code, and the output from offset on. Pass the returned nextOffset as offset to read only new output.',
        inputSchema: {
            type: 'object',
            properties: {
                processId,
                offset: { type: 'integer', minimum: 0, description: 'Byte offset into the output (default 0).' }
            },
            required: ['processId'],
            additionalProperties: false
        },
        annotations: READ_ONLY
    },
    {
        name: 'kill_process',
        title: 'Kill process',
        description: 'Stop a background command started by run_command and everything it started ' +
            '(SIGTERM, then SIGKILL after 2 s). Returns its final exit status.',
        inputSchema: {
            type: 'object',
            properties: { processId },
            required: ['processId'],
            additionalProperties: false
        },
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false }
    }
];
