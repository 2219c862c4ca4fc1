import { ContainerModule } from '@theia/core/shared/inversify';
import { bindViewContribution } from '@theia/core/lib/browser/shell/view-contribution';
import { WidgetFactory } from '@theia/core/lib/browser/widget-manager';
import { ServiceConnectionProvider } from '@theia/core/lib/browser/messaging/service-connection-provider';
import { MEMORY_SERVICE_PATH, MemoryService } from '../common/memory-protocol';
import { MemoryChangeNotifier } from './memory-change-notifier';
import { MemoryViewContribution } from './memory-view-contribution';
import { MemoryWidget } from './memory-widget';
import '../../src/browser/style/memory.css';

export default new ContainerModule(bind => {
    bind(MemoryChangeNotifier).toSelf().inSingletonScope();
    bind(MemoryService).toDynamicValue(ctx =>
        ServiceConnectionProvider.createProxy<MemoryService>(ctx.container, MEMORY_SERVICE_PATH, ctx.container.get(MemoryChangeNotifier))
    ).inSingletonScope();
    bind(MemoryWidget).toSelf();
    bind(WidgetFactory).toDynamicValue(ctx => ({
        id: MemoryWidget.ID,
        createWidget: () => ctx.container.get(MemoryWidget)
    })).inSingletonScope();
    bindViewContribution(bind, MemoryViewContribution);
});
