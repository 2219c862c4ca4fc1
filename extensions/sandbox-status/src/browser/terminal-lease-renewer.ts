import { inject, injectable } from '@theia/core/shared/inversify';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { TerminalService } from '@theia/terminal/lib/browser/base/terminal-service';
import { LEASE_RENEW_EVERY_MS, TerminalLeases } from '../common/terminal-leases-protocol';

/** Renews, while this tab is open, the leases of the terminals it shows (see TerminalLeasesImpl). */
@injectable()
export class TerminalLeaseRenewer implements FrontendApplicationContribution {

    @inject(TerminalService) protected readonly terminals!: TerminalService;
    @inject(TerminalLeases) protected readonly leases!: TerminalLeases;

    onStart(): void {
        window.setInterval(() => void this.renew(), LEASE_RENEW_EVERY_MS);
    }

    protected async renew(): Promise<void> {
        const ids = this.terminals.all.map(widget => widget.terminalId).filter(id => typeof id === 'number' && id >= 0);
        await this.leases.renew(ids).catch(() => undefined);
    }
}
