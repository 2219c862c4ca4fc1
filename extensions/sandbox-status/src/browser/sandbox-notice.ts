import type { SandboxStatusReport } from '@ide/sandbox-contract/lib/workspace-status';

const MESSAGES: Record<SandboxStatusReport['state'], string> = {
    running: 'Reconnecting…',
    starting: 'Starting the sandbox…',
    stopped: 'This workspace was stopped',
    failed: 'This workspace could not start',
    deleted: 'This workspace was deleted'
};

/**
 * A full-window notice over the IDE while its sandbox is not there: plain DOM, because the IDE's
 * own widgets may have lost their backend.
 */
export class SandboxNotice {
    protected element: HTMLElement | undefined;

    constructor(protected readonly actions: { start(): void; dashboard(): void }) { }

    show(status: SandboxStatusReport): void {
        const element = this.element ?? this.create();
        const because = status.state === 'stopped' && status.stoppedBecause ? ` (${status.stoppedBecause})` : '';
        element.querySelector('[data-role="title"]')!.textContent = `${MESSAGES[status.state]}${because}.`;
        const detail = status.error ?? (status.steps?.length ? status.steps[status.steps.length - 1].label : '');
        element.querySelector('[data-role="detail"]')!.textContent = detail;
        (element.querySelector('[data-role="start"]') as HTMLButtonElement).hidden = !(status.state === 'stopped' || status.state === 'failed');
        element.hidden = false;
    }

    hide(): void {
        if (this.element) {
            this.element.hidden = true;
        }
    }

    protected create(): HTMLElement {
        const element = document.createElement('div');
        element.id = 'sandbox-notice';
        element.setAttribute('role', 'alertdialog');
        element.setAttribute('aria-labelledby', 'sandbox-notice-title');
        element.style.cssText = 'position:fixed;inset:0;z-index:100000;display:flex;align-items:center;justify-content:center;background:rgba(0,0,0,.55)';
        element.innerHTML = `<div style="background:var(--theia-editor-background,#fff);color:var(--theia-foreground,#222);padding:24px 28px;border-radius:6px;max-width:480px;font:14px/1.5 var(--theia-ui-font-family,sans-serif)">
<h2 id="sandbox-notice-title" data-role="title" style="margin:0 0 8px;font-size:18px"></h2>
<p data-role="detail" style="margin:0 0 16px;opacity:.8"></p>
<button type="button" class="theia-button" data-role="start">Start</button>
<button type="button" class="theia-button secondary" data-role="dashboard">Back to dashboard</button>
</div>`;
        element.querySelector('[data-role="start"]')!.addEventListener('click', () => this.actions.start());
        element.querySelector('[data-role="dashboard"]')!.addEventListener('click', () => this.actions.dashboard());
        document.body.append(element);
        this.element = element;
        return element;
    }
}
