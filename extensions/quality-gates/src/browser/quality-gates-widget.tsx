import * as React from '@theia/core/shared/react';
import { inject, injectable, postConstruct } from '@theia/core/shared/inversify';
import { ReactWidget } from '@theia/core/lib/browser/widgets/react-widget';
import { codicon, Message } from '@theia/core/lib/browser/widgets/widget';
import { EditorManager } from '@theia/editor/lib/browser/editor-manager';
import { formatDuration } from '@ide/sandbox-mcp/lib/common/formatting';
import { GateFinding, GateRunResult } from '../common/gate-results';
import { GateRow, GateRowStatus, QualityGatesModel } from './quality-gates-model';
import { findingUri } from './quality-gates-markers';

const STATUS_ICON: Record<GateRowStatus, string> = {
    pass: 'pass-filled',
    fail: 'error',
    error: 'warning',
    skipped: 'circle-slash',
    'not run': 'circle-large-outline',
    queued: 'clock',
    running: 'sync'
};

/** The Quality Gates view: run all or one gate, live status, findings that open the editor, logs, history. */
@injectable()
export class QualityGatesWidget extends ReactWidget {
    static readonly ID = 'quality-gates';
    static readonly LABEL = 'Quality Gates';

    @inject(QualityGatesModel) protected readonly model!: QualityGatesModel;
    @inject(EditorManager) protected readonly editors!: EditorManager;

    protected readonly expandedLogs = new Set<string>();
    protected readonly expandedRuns = new Set<string>();

    @postConstruct()
    protected init(): void {
        this.id = QualityGatesWidget.ID;
        this.title.label = QualityGatesWidget.LABEL;
        this.title.caption = QualityGatesWidget.LABEL;
        this.title.iconClass = codicon('checklist');
        this.title.closable = true;
        this.addClass('theia-quality-gates');
        this.node.tabIndex = 0;
        this.node.setAttribute('aria-label', QualityGatesWidget.LABEL);
        this.toDispose.push(this.model.onDidChange(() => this.update()));
        this.model.initialize().then(() => this.update(), error => console.error('quality-gates: could not load the gates', error));
        this.update();
    }

    protected override onActivateRequest(message: Message): void {
        super.onActivateRequest(message);
        this.node.focus();
    }

    protected render(): React.ReactNode {
        const { model } = this;
        return <div className='qg-view'>
            <div className='qg-toolbar'>
                <button className='theia-button qg-run-all' disabled={model.running || !model.root} onClick={() => model.runAll()}
                    aria-label='Run all quality gates'>
                    <span className={codicon('run-all')} /> Run All
                </button>
                {model.running && <button className='theia-button secondary qg-cancel' onClick={() => model.cancel()} aria-label='Cancel the run'>Cancel</button>}
                <span className='qg-summary' role='status'>{this.summary()}</span>
            </div>
            {model.configError && <div className='qg-config-error' role='alert'>{model.configError}</div>}
            {!model.loading && !model.root && <div className='qg-empty'>Open a workspace folder to run its quality gates.</div>}
            <ul className='qg-gates' aria-label='Gates'>
                {model.rows.map(row => this.renderGate(row))}
            </ul>
            {model.history.length > 0 && <>
                <h3 className='qg-heading'>Recent runs</h3>
                <ul className='qg-history' aria-label='Recent runs'>
                    {model.history.map(run => this.renderRun(run))}
                </ul>
            </>}
        </div>;
    }

    protected summary(): string {
        const { model } = this;
        if (model.loading) {
            return 'Loading…';
        }
        if (model.running) {
            const inRun = model.rows.filter(row => row.status === 'queued' || row.status === 'running').length;
            return `Running… ${inRun} gate${inRun === 1 ? '' : 's'} to go`;
        }
        const latest = model.history[0];
        return latest ? `Last run: ${latest.status} (${formatTime(latest.startedAt)})` : 'Not run yet';
    }

    protected renderGate(row: GateRow): React.ReactNode {
        const result = row.result;
        const logShown = this.expandedLogs.has(row.name);
        const busy = row.status === 'running' || row.status === 'queued';
        return <li key={row.name} className={`qg-gate qg-status-${row.status.replace(' ', '-')}`} data-gate={row.name} aria-label={`${row.name}: ${row.status}`}>
            <div className='qg-gate-header'>
                <span className={`${codicon(STATUS_ICON[row.status])} qg-status-icon${row.status === 'running' ? ' codicon-modifier-spin' : ''}`}
                    title={result && !busy ? `${row.status} in ${formatDuration(result.durationMs)}` : row.status} />
                <span className='qg-gate-name' title={row.command ?? row.kind}>{row.name}</span>
                <span className='qg-gate-status'>{row.status}</span>
                {result && !busy && <span className='qg-gate-duration'>{formatDuration(result.durationMs)}</span>}
                <span className='qg-spacer' />
                {result?.log && <button className={`qg-icon-button ${codicon(logShown ? 'chevron-down' : 'output')}`} aria-expanded={logShown}
                    title={logShown ? `Hide the log of ${row.name}` : `Show the log of ${row.name}`} aria-label={`Log of ${row.name}`}
                    onClick={() => this.toggle(this.expandedLogs, row.name)} />}
                <button className={`qg-icon-button ${codicon('play')}`} disabled={this.model.running} title={`Run ${row.name}`} aria-label={`Run ${row.name}`}
                    onClick={() => this.model.runGate(row.name)} />
            </div>
            {row.command && <div className='qg-gate-command'>{row.command}</div>}
            {row.status === 'running' && row.lastLine && <div className='qg-gate-progress'>{row.lastLine}</div>}
            {!busy && result?.reason && <div className='qg-gate-reason'>{result.reason}</div>}
            {!busy && result && result.findings.length > 0 && <ul className='qg-findings' aria-label={`Findings of ${row.name}`}>
                {result.findings.map((finding, index) => this.renderFinding(finding, index))}
                {result.findingsTruncated && <li className='qg-more'>More findings were left out; see the log.</li>}
            </ul>}
            {logShown && result?.log && <pre className='qg-log' aria-label={`Log of ${row.name}`}>{result.log}</pre>}
        </li>;
    }

    protected renderFinding(finding: GateFinding, index: number): React.ReactNode {
        const location = `${finding.file}:${finding.line}${finding.column ? `:${finding.column}` : ''}`;
        return <li key={index}>
            <button className={`qg-finding qg-severity-${finding.severity}`} title={`Open ${location}${finding.rule ? ` (${finding.rule})` : ''}`}
                onClick={() => this.openFinding(finding)}>
                <span className={codicon(finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'info')} />
                <span className='qg-finding-location'>{location}</span>
                <span className='qg-finding-message'>{finding.message}</span>
            </button>
        </li>;
    }

    protected renderRun(run: GateRunResult): React.ReactNode {
        const expanded = this.expandedRuns.has(run.id);
        return <li key={run.id} className={`qg-run qg-status-${run.status}`}>
            <button className='qg-run-header' aria-expanded={expanded} onClick={() => this.toggle(this.expandedRuns, run.id)}>
                <span className={codicon(expanded ? 'chevron-down' : 'chevron-right')} />
                <span className='qg-run-time'>{formatTime(run.startedAt)}</span>
                <span className='qg-gate-status'>{run.status}{run.cancelled ? ' (cancelled)' : ''}</span>
                <span className='qg-gate-duration'>{formatDuration(run.durationMs)}</span>
            </button>
            {expanded && <ul className='qg-run-gates'>
                {run.gates.map(gate => <li key={gate.gate} className={`qg-status-${gate.status}`}>
                    <span className={codicon(STATUS_ICON[gate.status])} /> {gate.gate}: {gate.status}
                    {gate.findings.length > 0 && ` — ${gate.findings.length} finding${gate.findings.length === 1 ? '' : 's'}`}
                    {gate.reason && ` — ${gate.reason}`}
                </li>)}
            </ul>}
        </li>;
    }

    protected toggle(set: Set<string>, key: string): void {
        if (!set.delete(key)) {
            set.add(key);
        }
        this.update();
    }

    protected async openFinding(finding: GateFinding): Promise<void> {
        const root = this.model.rootUri;
        if (!root) {
            return;
        }
        const line = Math.max(0, finding.line - 1);
        const character = Math.max(0, (finding.column ?? 1) - 1);
        await this.editors.open(findingUri(root, finding), { mode: 'activate', selection: { start: { line, character }, end: { line, character } } });
    }
}

function formatTime(iso: string): string {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
