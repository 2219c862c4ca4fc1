import { ContainerModule } from '@theia/core/shared/inversify';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { ConnectionHandler, RpcConnectionHandler } from '@theia/core/lib/common/messaging';
import { bindSandboxTools } from '@ide/sandbox-mcp/lib/node/bind-sandbox-tools';
import { AI_TASKS_SERVICE_PATH, AiTasksClient } from '../common/ai-tasks-protocol';
import { AiTaskManager } from './ai-task-manager';
import { AiTasksLifecycle } from './ai-tasks-lifecycle';
import { AiTasksServiceImpl } from './ai-tasks-service-impl';
import { aiTasksSettingsFromEnv, AiTasksSettings } from './ai-tasks-settings';
import { ApplyTaskTool } from './tools/apply-task-tool';
import { CancelTaskTool } from './tools/cancel-task-tool';
import { CreateTaskTool } from './tools/create-task-tool';
import { GetTaskTool } from './tools/get-task-tool';

export default new ContainerModule(bind => {
    bind(AiTasksSettings).toDynamicValue(() => aiTasksSettingsFromEnv()).inSingletonScope();
    bind(AiTaskManager).toSelf().inSingletonScope();
    bind(AiTasksLifecycle).toSelf().inSingletonScope();
    bind(BackendApplicationContribution).toService(AiTasksLifecycle);
    bind(AiTasksServiceImpl).toSelf();
    bind(ConnectionHandler).toDynamicValue(ctx =>
        new RpcConnectionHandler<AiTasksClient>(AI_TASKS_SERVICE_PATH, client => {
            const service = ctx.container.get(AiTasksServiceImpl);
            service.setClient(client);
            client.onDidCloseConnection(() => service.dispose());
            return service;
        })
    ).inSingletonScope();
    bindSandboxTools(bind, [CreateTaskTool, GetTaskTool, ApplyTaskTool, CancelTaskTool]);
});
