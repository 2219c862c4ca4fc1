import { ContainerModule } from '@theia/core/shared/inversify';
import { JsonSchemaDataStore } from '@theia/core/lib/browser/json-schema-store';
import { EnvVariablesServer } from '@theia/core/lib/common/env-variables';
import { BrowserMainMenuFactory } from '@theia/core/lib/browser/menu/browser-menu-plugin';
import { KeymapsFrontendContribution } from '@theia/keymaps/lib/browser/keymaps-frontend-contribution';
import { PreferencesWidget } from '@theia/preferences/lib/browser/views/preference-widget';
import { PreferencesEditorWidget } from '@theia/preferences/lib/browser/views/preference-editor-widget';
import { createPreferencesWidgetContainer } from '@theia/preferences/lib/browser/views/preference-widget-bindings';
import { TerminalFrontendContribution } from '@theia/terminal/lib/browser/terminal-frontend-contribution';
import { WorkspaceServer } from '@theia/workspace/lib/common/workspace-protocol';
import { BackendFoldersPreloaded } from './backend-folders-preloaded';
import { JsonSchemaSerializedOnRead } from './json-schema-serialized-on-read';
import { KeymapsToolbarWhenShown } from './keymaps-toolbar-when-shown';
import { rebindLoggers } from './log-level-asked-when-used';
import { MainMenuRebuiltWhenClosed } from './main-menu-rebuilt-when-closed';
import { PreferencesEditorRenderedWhenShown } from './preferences-editor-rendered-when-shown';
import { RecentWorkspacePreloaded } from './recent-workspace-preloaded';
import { TerminalOnRequest } from './terminal-on-request';

export default new ContainerModule((bind, _unbind, _isBound, rebind) => {
    rebindLoggers(bind, rebind);
    rebind(EnvVariablesServer).toService(BackendFoldersPreloaded);
    rebind(WorkspaceServer).toService(RecentWorkspacePreloaded);
    rebind(JsonSchemaDataStore).to(JsonSchemaSerializedOnRead).inSingletonScope();
    rebind(BrowserMainMenuFactory).to(MainMenuRebuiltWhenClosed).inSingletonScope();
    rebind(KeymapsFrontendContribution).to(KeymapsToolbarWhenShown).inSingletonScope();
    rebind(TerminalFrontendContribution).to(TerminalOnRequest).inSingletonScope();
    // Theia's PreferencesContribution injects the Settings widget, so it exists from the start; its editor is the costly part.
    rebind(PreferencesWidget).toDynamicValue(({ container }) => {
        const child = createPreferencesWidgetContainer(container);
        child.rebind(PreferencesEditorWidget).to(PreferencesEditorRenderedWhenShown);
        return child.get(PreferencesWidget);
    }).inSingletonScope();
});
