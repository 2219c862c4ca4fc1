import { ContainerModule } from '@theia/core/shared/inversify';
import { ConnectionHandler, RpcConnectionHandler } from '@theia/core/lib/common/messaging';
import { bindSandboxTools } from '@ide/sandbox-mcp/lib/node/bind-sandbox-tools';
import { QUALITY_GATES_SERVICE_PATH, QualityGatesClient } from '../common/quality-gates-protocol';
import { QualityGateRunner } from './quality-gate-runner';
import { QualityGatesServiceImpl } from './quality-gates-service-impl';
import { RunQualityGatesTool } from './run-quality-gates-tool';

export default new ContainerModule(bind => {
    bind(QualityGateRunner).toSelf().inSingletonScope();
    bind(QualityGatesServiceImpl).toSelf();
    bind(ConnectionHandler).toDynamicValue(ctx =>
        new RpcConnectionHandler<QualityGatesClient>(QUALITY_GATES_SERVICE_PATH, client => {
            const service = ctx.container.get(QualityGatesServiceImpl);
            service.setClient(client);
            client.onDidCloseConnection(() => service.dispose());
            return service;
        })
    ).inSingletonScope();
    bindSandboxTools(bind, [RunQualityGatesTool]);
});
