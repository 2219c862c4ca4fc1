import { ContainerModule } from '@theia/core/shared/inversify';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { ProcessRegistry } from './process-registry';
import { SandboxTool } from './sandbox-tool';
import { ToolCallEndpoint } from './tool-call-endpoint';
import { ToolExecutor } from './tool-executor';
import { EditFileTool } from './tools/edit-file-tool';
import { KillProcessTool } from './tools/kill-process-tool';
import { ListDirectoryTool } from './tools/list-directory-tool';
import { ReadProcessOutputTool } from './tools/read-process-output-tool';
import { ReadTextFileTool } from './tools/read-text-file-tool';
import { RunCommandTool } from './tools/run-command-tool';
import { SearchFilesTool } from './tools/search-files-tool';
import { WriteFileTool } from './tools/write-file-tool';
import { workspaceRootFromEnv, WorkspacePaths } from './workspace-paths';

export default new ContainerModule(bind => {
    bind(WorkspacePaths).toDynamicValue(() => new WorkspacePaths(workspaceRootFromEnv())).inSingletonScope();
    bind(ProcessRegistry).toSelf().inSingletonScope();
    for (const tool of [
        ReadTextFileTool, WriteFileTool, EditFileTool, ListDirectoryTool, SearchFilesTool,
        RunCommandTool, ReadProcessOutputTool, KillProcessTool
    ]) {
        bind(tool).toSelf().inSingletonScope();
        bind(SandboxTool).toService(tool);
    }
    bind(ToolExecutor).toSelf().inSingletonScope();
    bind(ToolCallEndpoint).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(ToolCallEndpoint);
});
