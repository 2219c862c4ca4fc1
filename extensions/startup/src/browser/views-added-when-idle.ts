import { injectable } from '@theia/core/shared/inversify';
import { FrontendApplication } from '@theia/core/lib/browser/frontend-application';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { AbstractViewContribution } from '@theia/core/lib/browser/shell/view-contribution';
import { ShellLayoutRestorer } from '@theia/core/lib/browser/shell/shell-layout-restorer';

/** How long a view waits for the page to be idle before it is added anyway. */
const VIEW_IDLE_TIMEOUT_MS = 500;

/** Safari has no `requestIdleCallback`: there a view waits for the tasks already queued. */
const whenIdle = (callback: () => void): void => {
    if (typeof requestIdleCallback === 'function') {
        requestIdleCallback(callback, { timeout: VIEW_IDLE_TIMEOUT_MS });
    } else {
        setTimeout(callback, 0);
    }
};

/** A view in a side or bottom panel, which the default layout adds collapsed: nothing of it shows but its tab. */
function isPanelView(contribution: FrontendApplicationContribution): boolean {
    return contribution instanceof AbstractViewContribution && contribution.defaultViewOptions.area !== 'main';
}

/**
 * Theia's default layout made every view (Explorer, Search, Source Control, Run and Debug, Extensions, Testing,
 * Outline, Problems) before it revealed the workbench, though each starts in a collapsed panel: some 300 ms of
 * the start. They are added once the workbench is ready, one per idle moment of the page, each at its rank in its
 * panel; a view the user opens before then is made at once, as Theia does. A layout restored from a previous visit
 * is restored as Theia does.
 */
@injectable()
export class ViewsAddedWhenIdle extends FrontendApplication {
    protected readonly viewsToAdd: FrontendApplicationContribution[] = [];

    /** While views are still to be added, the layout is incomplete: stored, it would leave them out for good. */
    get isAddingViews(): boolean {
        return this.viewsToAdd.length > 0;
    }

    override async start(): Promise<void> {
        await super.start();
        this.addNextViewWhenIdle();
    }

    protected override async createDefaultLayout(): Promise<void> {
        for (const contribution of this.contributions.getContributions()) {
            if (!contribution.initializeLayout) {
                continue;
            }
            if (isPanelView(contribution)) {
                this.viewsToAdd.push(contribution);
            } else {
                await this.logFailure(this.measureContribution(contribution, 'initializeLayout', () => contribution.initializeLayout!(this)));
            }
        }
    }

    /** After start, a view is timed alone: Theia's settlement count, done by then, would announce itself again for each. */
    protected addNextViewWhenIdle(): void {
        const view = this.viewsToAdd[0];
        if (view) {
            whenIdle(async () => {
                await this.logFailure(this.measure(`${view.constructor.name}.initializeLayout`, () => view.initializeLayout!(this)));
                this.viewsToAdd.shift();
                this.addNextViewWhenIdle();
            });
        }
    }

    protected async logFailure(initializing: Promise<unknown>): Promise<void> {
        try {
            await initializing;
        } catch (error) {
            this.logger.error('Could not initialize the layout of contribution', error);
        }
    }
}

/** Theia stores the layout as the page unloads; not while views are still to be added (the next visit makes them all). */
@injectable()
export class LayoutStoredWhenComplete extends ShellLayoutRestorer {
    override storeLayout(app: FrontendApplication): void {
        if (!(app instanceof ViewsAddedWhenIdle && app.isAddingViews)) {
            super.storeLayout(app);
        }
    }
}
