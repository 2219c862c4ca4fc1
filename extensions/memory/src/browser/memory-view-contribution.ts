import { injectable } from '@theia/core/shared/inversify';
import { AbstractViewContribution } from '@theia/core/lib/browser/shell/view-contribution';
import { Command, CommandRegistry } from '@theia/core/lib/common/command';
import { MemoryWidget } from './memory-widget';

export namespace MemoryCommands {
    export const TOGGLE_VIEW: Command = { id: 'memory.toggleView' };
    export const SEARCH: Command = { id: 'memory.search', category: 'Memory', label: 'Search' };
    export const ADD_ENTRY: Command = { id: 'memory.addEntry', category: 'Memory', label: 'Add Entry' };
}

/** The Memory view in the left side panel, View → Memory, and the `Memory: Search` / `Memory: Add Entry` commands. */
@injectable()
export class MemoryViewContribution extends AbstractViewContribution<MemoryWidget> {
    constructor() {
        super({
            widgetId: MemoryWidget.ID,
            widgetName: MemoryWidget.LABEL,
            defaultWidgetOptions: { area: 'left', rank: 600 },
            toggleCommandId: MemoryCommands.TOGGLE_VIEW.id
        });
    }

    override registerCommands(commands: CommandRegistry): void {
        super.registerCommands(commands);
        commands.registerCommand(MemoryCommands.SEARCH, {
            execute: async (query?: unknown) => {
                const widget = await this.openView({ activate: true, reveal: true });
                widget.focusSearch(typeof query === 'string' ? query : undefined);
            }
        });
        commands.registerCommand(MemoryCommands.ADD_ENTRY, {
            execute: async () => (await this.openView({ activate: true, reveal: true })).startAdd()
        });
    }
}
