import { inject, injectable } from '@theia/core/shared/inversify';
import { Command, CommandContribution, CommandRegistry } from '@theia/core/lib/common/command';
import { MessageService } from '@theia/core/lib/common/message-service';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { QuickInputService } from '@theia/core/lib/browser/quick-input/quick-input-service';
import { DASHBOARD_REDIRECT_PATH, PORT_PREVIEW_PREFIX } from '@ide/sandbox-contract/lib/workspace-origin';
import { SandboxPorts } from '../common/ports-protocol';
import { gatewayUrl } from './gateway-paths';

const POLL_EVERY_MS = 3000;

export namespace PortPreviewCommands {
    export const OPEN: Command = { id: 'sandbox-ports.open', category: 'Ports', label: 'Open a Port in the Browser' };
    export const PREVIEW: Command = { id: 'sandbox-ports.preview', category: 'Ports', label: 'Open a Port in a Preview' };
    export const SHARE: Command = { id: 'sandbox-ports.share', category: 'Ports', label: 'Share a Port with Signed-in Users…' };
}

/**
 * Notices servers the user starts in the sandbox and offers to open them: in a browser tab, or in
 * the IDE's preview (the mini-browser), at their port preview's own origin. Tools started in the
 * sandbox learn that URL from VSCODE_PROXY_URI. Sharing a port is done on the dashboard, on the
 * gateway's origin: what this page could do, code in the sandbox could do too.
 */
@injectable()
export class PortPreviewContribution implements FrontendApplicationContribution, CommandContribution {

    @inject(SandboxPorts) protected readonly ports!: SandboxPorts;
    @inject(MessageService) protected readonly messages!: MessageService;
    @inject(QuickInputService) protected readonly quickInput!: QuickInputService;
    @inject(CommandRegistry) protected readonly commands!: CommandRegistry;

    protected known = new Set<number>();
    protected started = false;

    onStart(): void {
        void this.ports.setProxyUri(this.proxyUriTemplate()).catch(() => undefined);
        window.setInterval(() => void this.poll(), POLL_EVERY_MS);
        void this.poll();
    }

    registerCommands(commands: CommandRegistry): void {
        commands.registerCommand(PortPreviewCommands.OPEN, { execute: async (port?: number) => this.withPort(port, chosen => this.openInBrowser(chosen)) });
        commands.registerCommand(PortPreviewCommands.PREVIEW, { execute: async (port?: number) => this.withPort(port, chosen => this.openPreview(chosen)) });
        commands.registerCommand(PortPreviewCommands.SHARE, { execute: () => this.openSharing() });
    }

    /** A port's preview, through the gateway (which hands the browser over to the port's own origin). */
    previewUrl(port: number): string {
        return gatewayUrl(`${PORT_PREVIEW_PREFIX}${port}/`);
    }

    protected async poll(): Promise<void> {
        const listening = await this.ports.listening().catch(() => undefined);
        if (!listening) {
            return;
        }
        const fresh = listening.filter(port => !this.known.has(port));
        this.known = new Set(listening);
        // Servers already running when the IDE opened are not news.
        if (this.started) {
            fresh.forEach(port => void this.announce(port));
        }
        this.started = true;
    }

    protected async announce(port: number): Promise<void> {
        const inBrowser = 'Open in browser';
        const inPreview = 'Open preview';
        const choice = await this.messages.info(`A server is listening on port ${port}.`, inBrowser, inPreview);
        if (choice === inBrowser) {
            this.openInBrowser(port);
        } else if (choice === inPreview) {
            await this.openPreview(port);
        }
    }

    protected openInBrowser(port: number): void {
        window.open(this.previewUrl(port), '_blank', 'noopener');
    }

    protected async openPreview(port: number): Promise<void> {
        await this.commands.executeCommand('mini-browser.openUrl', this.previewUrl(port));
    }

    protected openSharing(): void {
        window.open(gatewayUrl(DASHBOARD_REDIRECT_PATH), '_blank', 'noopener');
        this.messages.info('Share a port from the dashboard: under your workspace, Ports.');
    }

    protected async withPort(port: number | undefined, action: (port: number) => unknown): Promise<void> {
        const chosen = port ?? await this.pickPort();
        if (chosen !== undefined) {
            await action(chosen);
        }
    }

    /** Listening ports, and the ones the repository's devcontainer.json forwards (which may not listen yet). */
    protected async pickPort(): Promise<number | undefined> {
        const [listening, forwarded] = await Promise.all([this.ports.listening(), this.ports.forwarded().catch((): number[] => [])]);
        const items = [
            ...listening.map(port => ({ label: `Port ${port}`, description: forwarded.includes(port) ? 'forwarded by devcontainer.json' : undefined, port })),
            ...forwarded.filter(port => !listening.includes(port)).map(port => ({ label: `Port ${port}`, description: 'forwarded by devcontainer.json, nothing listens yet', port }))
        ];
        if (!items.length) {
            this.messages.info('No server is listening on a port in this sandbox.');
            return undefined;
        }
        const picked = await this.quickInput.pick(items, { placeHolder: 'A port a server listens on' });
        return picked?.port;
    }

    /** `{{port}}` on the preview's own origin: `<port>--<this host>`; in path mode `/w/<id>/port/<port>/`. */
    protected proxyUriTemplate(): string {
        const pathMode = /^\/w\/[^/]+\//.exec(new URL(document.baseURI).pathname);
        return pathMode
            ? `${location.origin}${pathMode[0]}port/{{port}}/`
            : `${location.protocol}//{{port}}--${location.host}/`;
    }
}
