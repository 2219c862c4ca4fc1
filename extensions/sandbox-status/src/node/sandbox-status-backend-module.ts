import { ContainerModule } from '@theia/core/shared/inversify';
import { ConnectionHandler, RpcConnectionHandler } from '@theia/core/lib/common/messaging';
import { SANDBOX_STATUS_SERVICE_PATH, SandboxStatusService } from '../common/sandbox-status-protocol';
import { SandboxStatusServiceImpl } from './sandbox-status-service-impl';

export default new ContainerModule(bind => {
    bind(SandboxStatusServiceImpl).toSelf().inSingletonScope();
    bind(SandboxStatusService).toService(SandboxStatusServiceImpl);
    bind(ConnectionHandler).toDynamicValue(ctx =>
        new RpcConnectionHandler(SANDBOX_STATUS_SERVICE_PATH, () => ctx.container.get<SandboxStatusService>(SandboxStatusService))
    ).inSingletonScope();
});
