import { injectable } from '@theia/core/shared/inversify';
import { TabBarToolbarRegistry } from '@theia/core/lib/browser/shell/tab-bar-toolbar';
import { KeymapsFrontendContribution } from '@theia/keymaps/lib/browser/keymaps-frontend-contribution';
import { KeybindingWidget } from '@theia/keymaps/lib/browser/keybindings-widget';

/**
 * Theia registers the Keyboard Shortcuts toolbar at start-up by creating the widget (it listens to its updates),
 * which then renders every keybinding of the IDE before anyone asked for the view. Its toolbar items show only
 * on that widget, so they are registered when it is first created.
 */
@injectable()
export class KeymapsToolbarWhenShown extends KeymapsFrontendContribution {
    override async registerToolbarItems(toolbar: TabBarToolbarRegistry): Promise<void> {
        if (this.tryGetWidget()) {
            return super.registerToolbarItems(toolbar);
        }
        const created = this.widgetManager.onDidCreateWidget(({ widget }) => {
            if (widget instanceof KeybindingWidget && widget.id === KeybindingWidget.ID) {
                created.dispose();
                super.registerToolbarItems(toolbar);
            }
        });
    }
}
