import { injectable } from '@theia/core/shared/inversify';
import { Command, CommandRegistry } from '@theia/core/lib/common/command';
import { AbstractViewContribution } from '@theia/core/lib/browser/shell/view-contribution';
import { AiTasksWidget } from './ai-tasks-widget';

export namespace AiTasksCommands {
    export const SHOW: Command = { id: 'ai-tasks.show', category: 'AI Tasks', label: 'Show Tasks' };
    export const TOGGLE: Command = { id: 'ai-tasks.toggle', category: 'AI Tasks', label: 'Toggle Tasks View' };
}

/** View → AI Tasks, and the command `AI Tasks: Show Tasks`. */
@injectable()
export class AiTasksViewContribution extends AbstractViewContribution<AiTasksWidget> {
    constructor() {
        super({
            widgetId: AiTasksWidget.ID,
            widgetName: AiTasksWidget.LABEL,
            defaultWidgetOptions: { area: 'right', rank: 200 },
            toggleCommandId: AiTasksCommands.TOGGLE.id
        });
    }

    override registerCommands(commands: CommandRegistry): void {
        super.registerCommands(commands);
        commands.registerCommand(AiTasksCommands.SHOW, { execute: () => this.openView({ activate: true, reveal: true }) });
    }
}
