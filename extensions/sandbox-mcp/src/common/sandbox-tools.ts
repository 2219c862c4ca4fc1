import { SandboxToolDefinition } from './sandbox-tool-definition';
import { editFile } from './tools/edit-file';
import { killProcess } from './tools/kill-process';
import { listDirectory } from './tools/list-directory';
import { readProcessOutput } from './tools/read-process-output';
import { readTextFile } from './tools/read-text-file';
import { runCommand } from './tools/run-command';
import { searchFiles } from './tools/search-files';
import { writeFile } from './tools/write-file';

/** The file and command tools, in the order agents see them. */
export const SANDBOX_TOOLS: readonly SandboxToolDefinition[] = [
    readTextFile, writeFile, editFile, listDirectory, searchFiles, runCommand, readProcessOutput, killProcess
];
