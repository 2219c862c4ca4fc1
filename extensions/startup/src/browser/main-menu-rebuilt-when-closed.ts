import { injectable } from '@theia/core/shared/inversify';
import { BrowserMainMenuFactory, DynamicMenuBarWidget } from '@theia/core/lib/browser/menu/browser-menu-plugin';

/**
 * Theia rebuilds the whole menu bar on every keybinding or main-menu change, which shuts a menu the user has open;
 * the extensions' menus and keybindings arrive just after the workbench shows, when a first click on a menu lands.
 * Here a burst of changes rebuilds the menu bar once, and not before the open menu closes.
 */
@injectable()
export class MainMenuRebuiltWhenClosed extends BrowserMainMenuFactory {
    protected readonly rebuildScheduled = new WeakSet<DynamicMenuBarWidget>();

    protected override showMenuBar(menuBar: DynamicMenuBarWidget): void {
        if (!this.rebuildScheduled.has(menuBar)) {
            this.rebuildScheduled.add(menuBar);
            setTimeout(() => this.rebuildWhenNoMenuIsOpen(menuBar));
        }
    }

    protected rebuildWhenNoMenuIsOpen(menuBar: DynamicMenuBarWidget): void {
        const openMenu = menuBar.childMenu;
        if (openMenu) {
            const retry = (): void => {
                openMenu.aboutToClose.disconnect(retry);
                // Moving along the bar closes one menu and opens the next in one go: look again once that is done.
                setTimeout(() => this.rebuildWhenNoMenuIsOpen(menuBar));
            };
            openMenu.aboutToClose.connect(retry);
            return;
        }
        this.rebuildScheduled.delete(menuBar);
        if (!menuBar.isDisposed) {
            super.showMenuBar(menuBar, this.getMenuBarVisibility());
        }
    }
}
