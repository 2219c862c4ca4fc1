import { ContainerModule } from '@theia/core/shared/inversify';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { ProcessRegistry } from './process-registry';
import { bindSandboxTools } from './bind-sandbox-tools';
import { SANDBOX_TOOL_HANDLERS } from './sandbox-tool-handlers';
import { ToolCallEndpoint } from './tool-call-endpoint';
import { ToolExecutor } from './tool-executor';
import { workspaceRootFromEnv, WorkspacePaths } from './workspace-paths';

export default new ContainerModule(bind => {
    bind(WorkspacePaths).toDynamicValue(() => new WorkspacePaths(workspaceRootFromEnv())).inSingletonScope();
    bind(ProcessRegistry).toSelf().inSingletonScope();
    bindSandboxTools(bind, SANDBOX_TOOL_HANDLERS);
    bind(ToolExecutor).toSelf().inSingletonScope();
    bind(ToolCallEndpoint).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(ToolCallEndpoint);
});
