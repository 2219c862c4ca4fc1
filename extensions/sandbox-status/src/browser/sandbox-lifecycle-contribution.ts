import { inject, injectable } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { ConnectionStatus, ConnectionStatusService } from '@theia/core/lib/browser/connection-status-service';
import { MessageService } from '@theia/core/lib/common/message-service';
import { ACTIVITY_PATH, DASHBOARD_REDIRECT_PATH, OPEN_SANDBOX_PATH, SANDBOX_STATUS_PATH } from '@ide/sandbox-contract/lib/workspace-origin';
import type { SandboxStatusReport } from '@ide/sandbox-contract/lib/workspace-status';
import { gatewayUrl } from './gateway-paths';
import { SandboxNotice } from './sandbox-notice';

/** Input in the tab is reported at most this often: it keeps the sandbox from an idle stop. */
const ACTIVITY_EVERY_MS = 60_000;
/** While online, how often the tab asks whether an idle stop nears. */
const STATUS_EVERY_MS = 30_000;
/** While offline, how often it asks what became of the sandbox. */
const OFFLINE_STATUS_EVERY_MS = 3_000;

/**
 * Tells the user what happens to the sandbox behind this tab, from the gateway (not the sandbox,
 * which may be gone): when the connection drops, whether the sandbox was stopped (and why), is
 * starting, failed, or was deleted, with Start and Back to the dashboard; shortly before an idle
 * stop, a warning with Keep working. The user's input in the tab is reported as activity. When
 * the sandbox runs again the page reloads, so the IDE reconnects to its new backend by itself.
 */
@injectable()
export class SandboxLifecycleContribution implements FrontendApplicationContribution {

    @inject(ConnectionStatusService) protected readonly connectionStatus!: ConnectionStatusService;
    @inject(MessageService) protected readonly messages!: MessageService;

    protected readonly notice = new SandboxNotice({
        start: () => this.start(),
        dashboard: () => { (window.top ?? window).location.href = gatewayUrl(DASHBOARD_REDIRECT_PATH); }
    });
    protected lastActivityReport = 0;
    protected offlineTimer: number | undefined;
    protected warning: Promise<unknown> | undefined;
    protected sawDown = false;

    onStart(): void {
        for (const event of ['keydown', 'mousedown', 'wheel', 'touchstart']) {
            window.addEventListener(event, () => this.reportActivity(), { capture: true, passive: true });
        }
        this.connectionStatus.onStatusChange(status => status === ConnectionStatus.OFFLINE ? this.followWhileOffline() : this.backOnline());
        window.setInterval(() => void this.checkIdleStop(), STATUS_EVERY_MS);
    }

    protected reportActivity(force = false): void {
        const now = Date.now();
        if (!force && now - this.lastActivityReport < ACTIVITY_EVERY_MS) {
            return;
        }
        this.lastActivityReport = now;
        void fetch(gatewayUrl(ACTIVITY_PATH), { method: 'POST' }).catch(() => undefined);
    }

    protected async status(): Promise<SandboxStatusReport | undefined> {
        try {
            const response = await fetch(gatewayUrl(SANDBOX_STATUS_PATH), { headers: { accept: 'application/json' }, cache: 'no-store' });
            return response.ok ? await response.json() as SandboxStatusReport : undefined;
        } catch {
            return undefined;
        }
    }

    protected async checkIdleStop(): Promise<void> {
        if (this.connectionStatus.currentStatus === ConnectionStatus.OFFLINE) {
            return;
        }
        const status = await this.status();
        if (!status?.idleStopAt || this.warning) {
            return;
        }
        const minutes = Math.max(1, Math.round((Date.parse(status.idleStopAt) - Date.now()) / 60_000));
        const keep = 'Keep working';
        this.warning = this.messages.warn(`This workspace stops in ${minutes} minute${minutes === 1 ? '' : 's'}: nothing has happened in it for a while.`, keep);
        const choice = await this.warning;
        this.warning = undefined;
        if (choice === keep) {
            this.reportActivity(true);
        }
    }

    protected followWhileOffline(): void {
        window.clearTimeout(this.offlineTimer);
        const follow = async (): Promise<void> => {
            const status = await this.status();
            if (status && status.state !== 'running') {
                this.sawDown = true;
                this.notice.show(status);
            } else if (status?.state === 'running' && this.sawDown) {
                // It runs again with a new IDE backend: a fresh page reconnects everything at once.
                window.location.reload();
                return;
            }
            this.offlineTimer = window.setTimeout(follow, OFFLINE_STATUS_EVERY_MS);
        };
        void follow();
    }

    protected backOnline(): void {
        window.clearTimeout(this.offlineTimer);
        if (this.sawDown) {
            window.location.reload();
            return;
        }
        this.notice.hide();
    }

    protected async start(): Promise<void> {
        this.notice.show({ state: 'starting', steps: [] });
        await fetch(gatewayUrl(OPEN_SANDBOX_PATH), { method: 'POST' }).catch(() => undefined);
        this.followWhileOffline();
    }
}
