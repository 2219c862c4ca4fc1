import { ContainerModule } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { ServiceConnectionProvider } from '@theia/core/lib/browser/messaging/service-connection-provider';
import { bindViewContribution } from '@theia/core/lib/browser/shell/view-contribution';
import { WidgetFactory } from '@theia/core/lib/browser/widget-manager';
import { QUALITY_GATES_SERVICE_PATH, QualityGatesService } from '../common/quality-gates-protocol';
import { QualityGatesClientImpl } from './quality-gates-client';
import { QualityGatesMarkers } from './quality-gates-markers';
import { QualityGatesModel } from './quality-gates-model';
import { QualityGatesViewContribution } from './quality-gates-view-contribution';
import { QualityGatesWidget } from './quality-gates-widget';
import '../../src/browser/style/quality-gates.css';

export default new ContainerModule(bind => {
    bind(QualityGatesClientImpl).toSelf().inSingletonScope();
    bind(QualityGatesService).toDynamicValue(ctx =>
        ServiceConnectionProvider.createProxy<QualityGatesService>(ctx.container, QUALITY_GATES_SERVICE_PATH, ctx.container.get(QualityGatesClientImpl))
    ).inSingletonScope();
    bind(QualityGatesModel).toSelf().inSingletonScope();
    bind(QualityGatesMarkers).toSelf().inSingletonScope();
    bind(FrontendApplicationContribution).toService(QualityGatesMarkers);
    bind(QualityGatesWidget).toSelf();
    bind(WidgetFactory).toDynamicValue(ctx => ({
        id: QualityGatesWidget.ID,
        createWidget: () => ctx.container.get(QualityGatesWidget)
    })).inSingletonScope();
    bindViewContribution(bind, QualityGatesViewContribution);
});
