import { ContainerModule } from '@theia/core/shared/inversify';
import { bindContributionProvider } from '@theia/core/lib/common/contribution-provider';
import { ConnectionHandler, RpcConnectionHandler } from '@theia/core/lib/common/messaging';
import { bindSandboxTools } from '@ide/sandbox-mcp/lib/node/bind-sandbox-tools';
import { QUALITY_GATES_SERVICE_PATH, QualityGatesClient } from '../common/quality-gates-protocol';
import { GateKindContribution } from './gate-kind-contribution';
import { BUNDLED_GATE_KINDS } from './gate-kinds';
import { QualityGateRunner } from './quality-gate-runner';
import { QualityGatesServiceImpl } from './quality-gates-service-impl';
import { RunQualityGatesTool } from './run-quality-gates-tool';

export default new ContainerModule(bind => {
    bindContributionProvider(bind, GateKindContribution);
    for (const kind of BUNDLED_GATE_KINDS) {
        bind(GateKindContribution).toConstantValue(kind);
    }
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
