import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PreferenceScope } from '@theia/core/lib/common/preferences/preference-scope';
import { SettingsScope, SettingsScopeMadeWhenAsked } from './settings-scope-made-when-asked';

const WORKSPACE_SCOPE = { scope: PreferenceScope.Workspace, uri: 'file:///workspace', activeScopeIsFolder: false };

/** Makes a Settings widget, as the container would, counting how often; the widget records the scopes it is set to. */
function settingsWidgetFactory(): { make: () => SettingsScope; makes: () => number; scopesSet: unknown[] } {
    let makes = 0;
    const scopesSet: unknown[] = [];
    const make = (): SettingsScope => {
        makes++;
        return { currentScope: WORKSPACE_SCOPE, setScope: scope => { scopesSet.push(scope); } };
    };
    return { make, makes: () => makes, scopesSet };
}

test('the Settings widget is not made until its scope is asked for', () => {
    const factory = settingsWidgetFactory();
    new SettingsScopeMadeWhenAsked(factory.make);
    assert.equal(factory.makes(), 0);
});

test('the scope is read from and set on the widget', () => {
    const factory = settingsWidgetFactory();
    const scope = new SettingsScopeMadeWhenAsked(factory.make);
    assert.deepEqual(scope.currentScope, WORKSPACE_SCOPE);
    scope.setScope(PreferenceScope.User);
    assert.deepEqual(factory.scopesSet, [PreferenceScope.User]);
    assert.equal(factory.makes(), 2, 'asked of the container each time (it keeps the one widget)');
});
