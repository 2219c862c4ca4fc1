import { inject, injectable } from '@theia/core/shared/inversify';
import { Command, CommandContribution, CommandRegistry } from '@theia/core/lib/common/command';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { StatusBar, StatusBarAlignment } from '@theia/core/lib/browser/status-bar/status-bar-types';
import { MarkdownStringImpl } from '@theia/core/lib/common/markdown-rendering/markdown-string';
import { DASHBOARD_REDIRECT_PATH } from '@ide/sandbox-contract/lib/workspace-origin';
import { SandboxInfo, SandboxStatusService } from '../common/sandbox-status-protocol';
import { gatewayUrl } from './gateway-paths';

export namespace SandboxStatusCommands {
    export const BACK_TO_DASHBOARD: Command = {
        id: 'sandbox-status.back-to-dashboard',
        category: 'Sandbox',
        label: 'Back to Dashboard'
    };
}

/** The status bar element gets the DOM id `status-bar-sandbox-status`. */
export const SANDBOX_STATUS_BAR_ID = 'sandbox-status';

@injectable()
export class SandboxStatusContribution implements FrontendApplicationContribution, CommandContribution {

    @inject(StatusBar) protected readonly statusBar!: StatusBar;
    @inject(SandboxStatusService) protected readonly sandboxStatus!: SandboxStatusService;

    protected info: SandboxInfo | undefined;

    onStart(): void {
        // Not awaited: the shell must not wait for the sandbox facts.
        this.showSandboxInfo();
    }

    registerCommands(commands: CommandRegistry): void {
        commands.registerCommand(SandboxStatusCommands.BACK_TO_DASHBOARD, {
            execute: () => this.backToDashboard()
        });
    }

    protected async showSandboxInfo(): Promise<void> {
        try {
            this.info = await this.sandboxStatus.getSandboxInfo();
            const { hostname } = this.info;
            await this.statusBar.setElement(SANDBOX_STATUS_BAR_ID, {
                name: 'Sandbox',
                text: `$(server) sandbox ${hostname}`,
                tooltip: this.tooltip(this.info),
                alignment: StatusBarAlignment.LEFT,
                priority: 1000,
                command: SandboxStatusCommands.BACK_TO_DASHBOARD.id
            });
        } catch (error) {
            console.error('sandbox-status: could not read the sandbox info', error);
        }
    }

    protected tooltip({ hostname, uid, profile, workspaceName }: SandboxInfo): MarkdownStringImpl {
        const lines = [
            workspaceName && `Workspace: ${workspaceName}`,
            `Container: ${hostname}`,
            `User id: ${uid}`,
            `Profile: ${profile || 'default'}`
        ].filter(Boolean);
        const tooltip = new MarkdownStringImpl();
        for (const line of lines) {
            tooltip.appendText(line).appendMarkdown('  \n');
        }
        return tooltip.appendMarkdown('\n_Click to go back to the dashboard_');
    }

    protected backToDashboard(): void {
        // The IDE may be framed by the dashboard; leave the whole page, not just the frame.
        (window.top ?? window).location.href = gatewayUrl(DASHBOARD_REDIRECT_PATH);
    }
}
