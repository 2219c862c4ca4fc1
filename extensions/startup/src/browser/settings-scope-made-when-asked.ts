import type { PreferencesWidget } from '@theia/preferences/lib/browser/views/preference-widget';

/** What Theia's PreferencesContribution reads from the Settings widget: the scope (User, Workspace, a folder) it shows. */
export type SettingsScope = Pick<PreferencesWidget, 'currentScope' | 'setScope'>;

/**
 * Theia's PreferencesContribution injects the Settings widget to read the scope it shows, so the widget, its tree of
 * every preference and its editor were made at start and the tree rebuilt on each preference-schema change (each
 * built-in extension makes some), 130 ms of the start for a view nobody had opened. The contribution gets this
 * stand-in instead; the widget is made when the user opens Settings or a command first asks for its scope.
 */
export class SettingsScopeMadeWhenAsked implements SettingsScope {
    constructor(protected readonly settingsWidget: () => SettingsScope) { }

    get currentScope(): SettingsScope['currentScope'] {
        return this.settingsWidget().currentScope;
    }

    setScope(scope: Parameters<SettingsScope['setScope']>[0]): void {
        this.settingsWidget().setScope(scope);
    }
}
