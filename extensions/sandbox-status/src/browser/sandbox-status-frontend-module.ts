import { ContainerModule } from '@theia/core/shared/inversify';
import { CommandContribution } from '@theia/core/lib/common/command';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { ServiceConnectionProvider } from '@theia/core/lib/browser/messaging/service-connection-provider';
import { SANDBOX_STATUS_SERVICE_PATH, SandboxStatusService } from '../common/sandbox-status-protocol';
import { SANDBOX_PORTS_PATH, SandboxPorts } from '../common/ports-protocol';
import { TERMINAL_LEASES_PATH, TerminalLeases } from '../common/terminal-leases-protocol';
import { PortPreviewContribution } from './port-preview-contribution';
import { SandboxLifecycleContribution } from './sandbox-lifecycle-contribution';
import { TerminalLeaseRenewer } from './terminal-lease-renewer';
import { SandboxStatusContribution } from './sandbox-status-contribution';
import '../../src/browser/style/sandbox-status.css';

export default new ContainerModule(bind => {
    bind(SandboxStatusService).toDynamicValue(ctx =>
        ServiceConnectionProvider.createProxy<SandboxStatusService>(ctx.container, SANDBOX_STATUS_SERVICE_PATH)
    ).inSingletonScope();
    bind(SandboxStatusContribution).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(SandboxStatusContribution);
    bind(CommandContribution).toService(SandboxStatusContribution);
    bind(SandboxLifecycleContribution).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(SandboxLifecycleContribution);
    bind(TerminalLeases).toDynamicValue(ctx =>
        ServiceConnectionProvider.createProxy<TerminalLeases>(ctx.container, TERMINAL_LEASES_PATH)
    ).inSingletonScope();
    bind(TerminalLeaseRenewer).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(TerminalLeaseRenewer);
    bind(SandboxPorts).toDynamicValue(ctx =>
        ServiceConnectionProvider.createProxy<SandboxPorts>(ctx.container, SANDBOX_PORTS_PATH)
    ).inSingletonScope();
    bind(PortPreviewContribution).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(PortPreviewContribution);
    bind(CommandContribution).toService(PortPreviewContribution);
});
