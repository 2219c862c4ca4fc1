import { ContainerModule } from '@theia/core/shared/inversify';
import { FrontendApplication } from '@theia/core/lib/browser/frontend-application';
import { ShellLayoutRestorer } from '@theia/core/lib/browser/shell/shell-layout-restorer';
import { JsonSchemaDataStore } from '@theia/core/lib/browser/json-schema-store';
import { EnvVariablesServer } from '@theia/core/lib/common/env-variables';
import { BrowserMainMenuFactory } from '@theia/core/lib/browser/menu/browser-menu-plugin';
import { KeymapsFrontendContribution } from '@theia/keymaps/lib/browser/keymaps-frontend-contribution';
import { MonacoTextmateService } from '@theia/monaco/lib/browser/textmate/monaco-textmate-service';
import { PreferencesContribution } from '@theia/preferences/lib/browser/preferences-contribution';
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
import { SettingsScope, SettingsScopeMadeWhenAsked } from './settings-scope-made-when-asked';
import { TerminalOnRequest } from './terminal-on-request';
import { TextmateLinesTokenizedAgain } from './textmate-lines-tokenized-again';
import { LayoutStoredWhenComplete, ViewsAddedWhenIdle } from './views-added-when-idle';

export default new ContainerModule((bind, _unbind, _isBound, rebind) => {
    rebindLoggers(bind, rebind);
    rebind(FrontendApplication).to(ViewsAddedWhenIdle).inSingletonScope();
    rebind(ShellLayoutRestorer).to(LayoutStoredWhenComplete).inSingletonScope();
    rebind(EnvVariablesServer).toService(BackendFoldersPreloaded);
    rebind(WorkspaceServer).toService(RecentWorkspacePreloaded);
    rebind(JsonSchemaDataStore).to(JsonSchemaSerializedOnRead).inSingletonScope();
    rebind(BrowserMainMenuFactory).to(MainMenuRebuiltWhenClosed).inSingletonScope();
    rebind(KeymapsFrontendContribution).to(KeymapsToolbarWhenShown).inSingletonScope();
    rebind(TerminalFrontendContribution).to(TerminalOnRequest).inSingletonScope();
    rebind(MonacoTextmateService).to(TextmateLinesTokenizedAgain).inSingletonScope();
    rebind(PreferencesContribution).toDynamicValue(({ container }) => {
        const child = container.createChild();
        child.bind<SettingsScope>(PreferencesWidget).toConstantValue(new SettingsScopeMadeWhenAsked(() => container.get(PreferencesWidget)));
        child.bind(PreferencesContribution).toSelf();
        return child.get(PreferencesContribution);
    }).inSingletonScope();
    // Made when first opened (above), the Settings widget still renders its editor only while it is shown.
    rebind(PreferencesWidget).toDynamicValue(({ container }) => {
        const child = createPreferencesWidgetContainer(container);
        child.rebind(PreferencesEditorWidget).to(PreferencesEditorRenderedWhenShown);
        return child.get(PreferencesWidget);
    }).inSingletonScope();
});
