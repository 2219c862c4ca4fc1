import { interfaces } from '@theia/core/shared/inversify';
import { SandboxTool } from './sandbox-tool';
import { EditFileTool } from './tools/edit-file-tool';
import { KillProcessTool } from './tools/kill-process-tool';
import { ListDirectoryTool } from './tools/list-directory-tool';
import { ReadProcessOutputTool } from './tools/read-process-output-tool';
import { ReadTextFileTool } from './tools/read-text-file-tool';
import { RunCommandTool } from './tools/run-command-tool';
import { SearchFilesTool } from './tools/search-files-tool';
import { WriteFileTool } from './tools/write-file-tool';

/** One handler per definition in SANDBOX_TOOLS (a unit test holds them equal); they need WorkspacePaths and ProcessRegistry. */
export const SANDBOX_TOOL_HANDLERS: readonly interfaces.Newable<SandboxTool>[] = [
    ReadTextFileTool, WriteFileTool, EditFileTool, ListDirectoryTool, SearchFilesTool,
    RunCommandTool, ReadProcessOutputTool, KillProcessTool
];
