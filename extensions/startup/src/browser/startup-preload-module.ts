import { ContainerModule } from '@theia/core/shared/inversify';
import { ServiceConnectionProvider } from '@theia/core/lib/browser/messaging/service-connection-provider';
import { PreloadContribution } from '@theia/core/lib/browser/preload/preloader';
import { I18nPreloadContribution } from '@theia/core/lib/browser/preload/i18n-preload-contribution';
import { EnvVariablesServer, envVariablesPath } from '@theia/core/lib/common/env-variables';
import { WorkspaceServer, workspacePath } from '@theia/workspace/lib/common/workspace-protocol';
import { BackendFoldersPreload, BackendFoldersPreloaded } from './backend-folders-preloaded';
import { RecentWorkspacePreload, RecentWorkspacePreloaded } from './recent-workspace-preloaded';
import { I18nPreloadFetchingNlsMetadata } from './nls-metadata-fetched';

/** A `frontendPreload` module: its bindings are made before the IDE's first connection, in the application's container. */
export default new ContainerModule((bind, _unbind, _isBound, rebind) => {
    rebind(I18nPreloadContribution).to(I18nPreloadFetchingNlsMetadata).inSingletonScope();
    bind(BackendFoldersPreloaded).toDynamicValue(({ container }) =>
        new BackendFoldersPreloaded(ServiceConnectionProvider.createProxy<EnvVariablesServer>(container, envVariablesPath))).inSingletonScope();
    bind(BackendFoldersPreload).toSelf().inSingletonScope();
    bind(PreloadContribution).toService(BackendFoldersPreload);
    bind(RecentWorkspacePreloaded).toDynamicValue(({ container }) =>
        new RecentWorkspacePreloaded(ServiceConnectionProvider.createLocalProxy<WorkspaceServer>(container, workspacePath))).inSingletonScope();
    bind(RecentWorkspacePreload).toSelf().inSingletonScope();
    bind(PreloadContribution).toService(RecentWorkspacePreload);
});
