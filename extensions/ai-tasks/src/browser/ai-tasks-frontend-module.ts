import { ContainerModule } from '@theia/core/shared/inversify';
import { ServiceConnectionProvider } from '@theia/core/lib/browser/messaging/service-connection-provider';
import { bindViewContribution } from '@theia/core/lib/browser/shell/view-contribution';
import { WidgetFactory } from '@theia/core/lib/browser/widget-manager';
import { AI_TASKS_SERVICE_PATH, AiTasksService } from '../common/ai-tasks-protocol';
import { AiTasksClientImpl } from './ai-tasks-client';
import { AiTasksModel } from './ai-tasks-model';
import { AiTasksViewContribution } from './ai-tasks-view-contribution';
import { AiTasksWidget } from './ai-tasks-widget';
import { TaskDiffOpener } from './task-diff-opener';
import '../../src/browser/style/ai-tasks.css';

export default new ContainerModule(bind => {
    bind(AiTasksClientImpl).toSelf().inSingletonScope();
    bind(AiTasksService).toDynamicValue(ctx =>
        ServiceConnectionProvider.createProxy<AiTasksService>(ctx.container, AI_TASKS_SERVICE_PATH, ctx.container.get(AiTasksClientImpl))
    ).inSingletonScope();
    bind(AiTasksModel).toSelf().inSingletonScope();
    bind(TaskDiffOpener).toSelf().inSingletonScope();
    bind(AiTasksWidget).toSelf();
    bind(WidgetFactory).toDynamicValue(ctx => ({
        id: AiTasksWidget.ID,
        createWidget: () => ctx.container.get(AiTasksWidget)
    })).inSingletonScope();
    bindViewContribution(bind, AiTasksViewContribution);
});
