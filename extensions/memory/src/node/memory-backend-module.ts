import { ContainerModule } from '@theia/core/shared/inversify';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { ConnectionHandler, RpcConnectionHandler } from '@theia/core/lib/common/messaging';
import { bindSandboxTools } from '@ide/sandbox-mcp/lib/node/bind-sandbox-tools';
import { MEMORY_SERVICE_PATH, MemoryClient, MemoryService } from '../common/memory-protocol';
import { MemoryClientConnection } from './memory-client-connection';
import { MemoryServiceImpl } from './memory-service-impl';
import { MemoryAddTool } from './tools/memory-add-tool';
import { MemoryDeleteTool } from './tools/memory-delete-tool';
import { MemorySearchTool } from './tools/memory-search-tool';
import { MemoryUpdateTool } from './tools/memory-update-tool';

export default new ContainerModule(bind => {
    bind(MemoryServiceImpl).toSelf().inSingletonScope();
    bind(MemoryService).toService(MemoryServiceImpl);
    bind(BackendApplicationContribution).toService(MemoryServiceImpl);
    bind(ConnectionHandler).toDynamicValue(ctx =>
        new RpcConnectionHandler<MemoryClient>(MEMORY_SERVICE_PATH, client =>
            new MemoryClientConnection(ctx.container.get(MemoryServiceImpl), client))
    ).inSingletonScope();
    bindSandboxTools(bind, [MemorySearchTool, MemoryAddTool, MemoryUpdateTool, MemoryDeleteTool]);
});
