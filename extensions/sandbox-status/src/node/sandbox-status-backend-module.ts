import { ContainerModule } from '@theia/core/shared/inversify';
import { ConnectionHandler, RpcConnectionHandler } from '@theia/core/lib/common/messaging';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { SANDBOX_STATUS_SERVICE_PATH, SandboxStatusService } from '../common/sandbox-status-protocol';
import { SANDBOX_PORTS_PATH, SandboxPorts } from '../common/ports-protocol';
import { TERMINAL_LEASES_PATH, TerminalLeases } from '../common/terminal-leases-protocol';
import { SandboxPortsImpl } from './sandbox-ports-impl';
import { SandboxStatusServiceImpl } from './sandbox-status-service-impl';
import { TerminalLeasesImpl } from './terminal-leases-impl';

export default new ContainerModule(bind => {
    bind(SandboxStatusServiceImpl).toSelf().inSingletonScope();
    bind(SandboxStatusService).toService(SandboxStatusServiceImpl);
    bind(ConnectionHandler).toDynamicValue(ctx =>
        new RpcConnectionHandler(SANDBOX_STATUS_SERVICE_PATH, () => ctx.container.get<SandboxStatusService>(SandboxStatusService))
    ).inSingletonScope();
    bind(TerminalLeasesImpl).toSelf().inSingletonScope();
    bind(TerminalLeases).toService(TerminalLeasesImpl);
    bind(BackendApplicationContribution).toService(TerminalLeasesImpl);
    bind(ConnectionHandler).toDynamicValue(ctx =>
        new RpcConnectionHandler(TERMINAL_LEASES_PATH, () => ctx.container.get<TerminalLeases>(TerminalLeases))
    ).inSingletonScope();
    bind(SandboxPortsImpl).toSelf().inSingletonScope();
    bind(SandboxPorts).toService(SandboxPortsImpl);
    bind(ConnectionHandler).toDynamicValue(ctx =>
        new RpcConnectionHandler(SANDBOX_PORTS_PATH, () => ctx.container.get<SandboxPorts>(SandboxPorts))
    ).inSingletonScope();
});
