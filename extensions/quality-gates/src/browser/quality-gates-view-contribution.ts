import { inject, injectable } from '@theia/core/shared/inversify';
import { Command, CommandRegistry } from '@theia/core/lib/common/command';
import { AbstractViewContribution } from '@theia/core/lib/browser/shell/view-contribution';
import { QuickInputService } from '@theia/core/lib/browser/quick-input/quick-input-service';
import { QualityGatesModel } from './quality-gates-model';
import { QualityGatesWidget } from './quality-gates-widget';

export namespace QualityGatesCommands {
    const category = 'Quality Gates';
    export const RUN_ALL: Command = { id: 'quality-gates.run-all', category, label: 'Run All' };
    /** With a gate name as argument, runs that gate; without, asks which. */
    export const RUN_GATE: Command = { id: 'quality-gates.run-gate', category, label: 'Run Gate...' };
    export const CANCEL: Command = { id: 'quality-gates.cancel', category, label: 'Cancel Run' };
    export const SHOW: Command = { id: 'quality-gates.show', category, label: 'Show View' };
}

@injectable()
export class QualityGatesViewContribution extends AbstractViewContribution<QualityGatesWidget> {
    @inject(QualityGatesModel) protected readonly model!: QualityGatesModel;
    @inject(QuickInputService) protected readonly quickInput!: QuickInputService;

    constructor() {
        super({
            widgetId: QualityGatesWidget.ID,
            widgetName: QualityGatesWidget.LABEL,
            defaultWidgetOptions: { area: 'right', rank: 300 },
            toggleCommandId: 'quality-gates.toggle'
        });
    }

    override registerCommands(commands: CommandRegistry): void {
        super.registerCommands(commands);
        commands.registerCommand(QualityGatesCommands.SHOW, { execute: () => this.openView({ activate: true, reveal: true }) });
        commands.registerCommand(QualityGatesCommands.RUN_ALL, {
            execute: async () => {
                await this.openView({ reveal: true });
                return this.model.runAll();
            },
            isEnabled: () => !this.model.running
        });
        commands.registerCommand(QualityGatesCommands.RUN_GATE, {
            execute: async (name?: unknown) => {
                const gate = typeof name === 'string' ? name : await this.pickGate();
                if (gate) {
                    await this.openView({ reveal: true });
                    return this.model.runGate(gate);
                }
                return undefined;
            },
            isEnabled: () => !this.model.running
        });
        commands.registerCommand(QualityGatesCommands.CANCEL, {
            execute: () => this.model.cancel(),
            isEnabled: () => this.model.running
        });
    }

    protected async pickGate(): Promise<string | undefined> {
        await this.model.initialize();
        const picked = await this.quickInput.showQuickPick(
            this.model.rows.map(row => ({ label: row.name, description: row.command ?? row.kind, detail: `last result: ${row.status}` })),
            { placeholder: 'Which quality gate?' });
        return picked?.label;
    }
}
