import * as React from '@theia/core/shared/react';
import { inject, injectable, postConstruct } from '@theia/core/shared/inversify';
import { ReactWidget } from '@theia/core/lib/browser/widgets/react-widget';
import { codicon, Message } from '@theia/core/lib/browser/widgets/widget';
import { TaskDetail, TaskFileChange, TaskGateRun, TaskStatus, TaskStep, TaskSummary } from '../common/ai-task-types';
import { AiTasksModel, messageOf } from './ai-tasks-model';
import { TaskDiffOpener } from './task-diff-opener';

const STATUS_ICON: Record<TaskStatus, string> = {
    queued: 'clock',
    running: 'sync',
    'awaiting review': 'eye',
    applied: 'pass-filled',
    rejected: 'circle-slash',
    failed: 'error',
    cancelled: 'debug-stop'
};

const STEP_ICON: Record<TaskStep['kind'], string> = {
    thought: 'comment',
    'tool-call': 'tools',
    'tool-result': 'output',
    info: 'info',
    error: 'error',
    gates: 'checklist'
};

/**
 * The Tasks view: write a task, pick a model and budget, start it; the task list with status,
 * cost and time; the selected task's live steps, change set (diff editor, accept/reject, stale
 * files), quality gates, and Cancel / Apply / Auto-fix / Reject.
 */
@injectable()
export class AiTasksWidget extends ReactWidget {
    static readonly ID = 'ai-tasks';
    static readonly LABEL = 'AI Tasks';

    @inject(AiTasksModel) protected readonly model!: AiTasksModel;
    @inject(TaskDiffOpener) protected readonly diffs!: TaskDiffOpener;

    protected taskText = '';
    protected chosenModel = '';
    protected budget = '';
    protected readonly expandedSteps = new Set<number>();
    protected clock: ReturnType<typeof setInterval> | undefined;

    @postConstruct()
    protected init(): void {
        this.id = AiTasksWidget.ID;
        this.title.label = AiTasksWidget.LABEL;
        this.title.caption = AiTasksWidget.LABEL;
        this.title.iconClass = codicon('sparkle');
        this.title.closable = true;
        this.addClass('theia-ai-tasks');
        this.node.tabIndex = 0;
        this.node.setAttribute('aria-label', AiTasksWidget.LABEL);
        this.toDispose.push(this.model.onDidChange(() => this.update()));
        this.clock = setInterval(() => this.model.anyRunning && this.update(), 1000);
        this.toDispose.push({ dispose: () => clearInterval(this.clock) });
        this.model.initialize().then(() => this.update());
        this.update();
    }

    protected override onActivateRequest(message: Message): void {
        super.onActivateRequest(message);
        (this.node.querySelector('textarea') ?? this.node).focus();
    }

    protected render(): React.ReactNode {
        const { model } = this;
        return <div className='ait-view'>
            {this.renderModelStatus()}
            {this.renderNewTask()}
            {model.message && <div className={`ait-message ait-message-${model.message.kind}`} role={model.message.kind === 'error' ? 'alert' : 'status'}>
                <span>{model.message.text}</span>
                <button className='ait-link' onClick={() => model.dismissMessage()} aria-label='Dismiss the message'>{'\u2715'}</button>
            </div>}
            <h3 className='ait-heading'>Tasks</h3>
            {model.tasks.length === 0 && !model.loading && <div className='ait-empty'>No tasks yet.</div>}
            <ul className='ait-tasks' role='listbox' aria-label='Tasks'>
                {model.tasks.map(task => this.renderTaskItem(task))}
            </ul>
            {model.selected && this.renderDetail(model.selected)}
        </div>;
    }

    protected renderModelStatus(): React.ReactNode {
        const status = this.model.status;
        if (!status) {
            return undefined;
        }
        if (!status.reachable) {
            return <div className='ait-config' role='alert'>The gateway's model proxy cannot be reached: {status.error}</div>;
        }
        if (!status.configured) {
            return <div className='ait-config' role='alert'>
                <strong>No model API key is configured on the gateway</strong>, so AI tasks cannot run.{' '}
                {status.howToConfigure ?? 'An admin sets IDE_ANTHROPIC_API_KEY in the gateway\'s environment and restarts it.'}
            </div>;
        }
        return undefined;
    }

    protected renderNewTask(): React.ReactNode {
        const status = this.model.status;
        const models = status?.models ?? [];
        const model = this.chosenModel || models[0] || '';
        const max = status?.maxTaskBudgetUsd;
        const disabled = !status?.configured || this.model.busy === 'start';
        const spent = status?.userSpentThisMonthUsd !== undefined && status.userMonthlyBudgetUsd !== undefined
            ? `$${status.userSpentThisMonthUsd.toFixed(2)} of $${status.userMonthlyBudgetUsd.toFixed(2)} spent this month` : '';
        return <form className='ait-new-task' aria-label='New task' onSubmit={event => { event.preventDefault(); this.startTask(model); }}>
            <textarea className='theia-input ait-task-text' aria-label='Task' placeholder='Describe the task for the agent…' rows={3}
                value={this.taskText} onChange={event => { this.taskText = event.target.value; this.update(); }}
                onKeyDown={event => { if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); this.startTask(model); } }} />
            <div className='ait-new-task-row'>
                <label>Model{' '}
                    <select className='theia-select' aria-label='Model' value={model} onChange={event => { this.chosenModel = event.target.value; this.update(); }}>
                        {models.map(name => <option key={name} value={name}>{name}{this.priceHint(name)}</option>)}
                    </select>
                </label>
                <label>Budget ${' '}
                    <input className='theia-input ait-budget' type='number' aria-label='Budget (US dollars)' min={0.01} step={0.01} max={max}
                        placeholder={max !== undefined ? String(max) : ''} value={this.budget}
                        onChange={event => { this.budget = event.target.value; this.update(); }} />
                </label>
                <button type='submit' className='theia-button ait-start' disabled={disabled || !this.taskText.trim()} aria-label='Start task'>
                    <span className={codicon('play')} /> Start
                </button>
            </div>
            {spent && <div className='ait-hint'>{spent}{max !== undefined ? `; at most $${max.toFixed(2)} per task` : ''}</div>}
        </form>;
    }

    protected priceHint(model: string): string {
        const price = this.model.status?.pricesUsdPerMillionTokens[model];
        return price ? ` ($${price.input} / $${price.output} per M tokens)` : '';
    }

    protected async startTask(model: string): Promise<void> {
        const text = this.taskText.trim();
        if (!text) {
            return;
        }
        const budget = this.budget.trim() ? Number(this.budget) : undefined;
        if (await this.model.start({ text, model: model || undefined, budgetUsd: budget })) {
            this.taskText = '';
            this.update();
        }
    }

    protected renderTaskItem(task: TaskSummary): React.ReactNode {
        const selected = this.model.selected?.id === task.id;
        return <li key={task.id} className={`ait-task${selected ? ' ait-selected' : ''}`} data-task-id={task.id} data-status={task.status}
            aria-label={`${firstLine(task.text)}: ${task.status}`} aria-selected={selected} role='option' tabIndex={0}
            onClick={() => this.model.select(task.id)} onKeyDown={event => event.key === 'Enter' && this.model.select(task.id)}>
            <span className={`${codicon(STATUS_ICON[task.status])} ait-status-icon ait-status-${cssName(task.status)}`} />
            <span className='ait-task-text-line' title={task.text}>{firstLine(task.text)}</span>
            <span className='ait-task-meta'>{task.status} · {usd(task.usage.costUsd)} · {elapsed(task)}</span>
        </li>;
    }

    protected renderDetail(task: TaskDetail): React.ReactNode {
        const { model } = this;
        const reviewing = task.status === 'awaiting review';
        const busy = !!model.busy || !!task.activity;
        const tokens = `${task.usage.inputTokens.toLocaleString()} in / ${task.usage.outputTokens.toLocaleString()} out`;
        return <section className='ait-detail' aria-label='Task details' data-task-id={task.id} data-status={task.status}>
            <div className='ait-detail-text'>{task.text}</div>
            <div className='ait-detail-status' role='status' aria-label='Task status'>
                <span className={`${codicon(STATUS_ICON[task.status])} ait-status-${cssName(task.status)}`} /> <strong className='ait-status-text'>{task.status}</strong>
                {task.activity && <span className='ait-activity'> — {task.activity}…</span>}
                {task.reason && <div className='ait-reason'>{task.reason}</div>}
            </div>
            <dl className='ait-usage' aria-label='Usage'>
                <dt>Model</dt><dd>{task.model}</dd>
                <dt>Tokens</dt><dd className='ait-tokens'>{tokens}</dd>
                <dt>Cost</dt><dd className='ait-cost'>{usd(task.usage.costUsd)} of {usd(task.budgetUsd)}</dd>
                <dt>Turns</dt><dd>{task.usage.turns}</dd>
                <dt>Time</dt><dd className='ait-elapsed'>{elapsed(task)}</dd>
                <dt>Gates</dt><dd className='ait-gates-outcome'>{task.gates}</dd>
            </dl>
            <div className='ait-actions'>
                {(task.status === 'running' || task.status === 'queued') &&
                    <button className='theia-button secondary' onClick={() => model.cancel(task.id)} disabled={model.busy === 'cancel'} aria-label='Cancel task'>
                        <span className={codicon('debug-stop')} /> Cancel
                    </button>}
                {reviewing && <>
                    <button className='theia-button' onClick={() => model.apply(task.id)} disabled={busy || task.files.length === 0} aria-label='Apply accepted files'>
                        <span className={codicon('check')} /> Apply
                    </button>
                    <button className='theia-button secondary' onClick={() => model.runGates(task.id)} disabled={busy} aria-label='Run quality gates'>
                        <span className={codicon('checklist')} /> Run gates
                    </button>
                    {task.canAutoFix && <button className='theia-button secondary' onClick={() => model.autoFix(task.id)} disabled={busy} aria-label='Auto-fix the gate failures'>
                        <span className={codicon('wand')} /> Auto-fix
                    </button>}
                    <button className='theia-button secondary' onClick={() => model.reject(task.id)} disabled={busy} aria-label='Reject task'>
                        <span className={codicon('close')} /> Reject
                    </button>
                </>}
            </div>
            {task.gateRun && this.renderGates(task.gateRun)}
            {task.files.length > 0 && this.renderFiles(task)}
            <h3 className='ait-heading'>Steps</h3>
            <ol className='ait-steps' aria-label='Steps' aria-live='polite'>
                {task.steps.map(step => this.renderStep(step))}
            </ol>
        </section>;
    }

    protected renderGates(run: TaskGateRun): React.ReactNode {
        return <div className='ait-gates' aria-label='Quality gates'>
            <h3 className='ait-heading'>Quality gates: <span className={run.passed ? 'ait-pass' : 'ait-fail'}>{run.passed ? 'pass' : run.status}</span></h3>
            {run.error && <div className='ait-reason' role='alert'>{run.error}</div>}
            <ul className='ait-gate-list'>
                {run.gates.map(gate => <li key={gate.gate} className='ait-gate' data-gate={gate.gate} aria-label={`${gate.gate}: ${gate.status}`}>
                    <span className={gate.status === 'pass' ? 'ait-pass' : gate.status === 'skipped' ? 'ait-muted' : 'ait-fail'}>{gate.gate}: {gate.status}</span>
                    {gate.reason && <span className='ait-muted'> ({gate.reason})</span>}
                    {gate.findings.map((finding, index) => <div key={index} className='ait-finding'>{finding}</div>)}
                    {gate.log && <pre className='ait-log'>{gate.log}</pre>}
                </li>)}
            </ul>
        </div>;
    }

    protected renderFiles(task: TaskDetail): React.ReactNode {
        const reviewing = task.status === 'awaiting review';
        return <div className='ait-files-section'>
            <h3 className='ait-heading'>Changed files</h3>
            <ul className='ait-files' aria-label='Changed files'>
                {task.files.map(file => <li key={file.path} className={`ait-file${file.stale ? ' ait-stale' : ''}`} data-path={file.path}
                    data-change={file.change} data-decision={file.decision} data-stale={file.stale}>
                    {reviewing && <input type='checkbox' checked={file.decision === 'accepted'} aria-label={`Accept ${file.path}`}
                        onChange={event => this.model.setDecision(task.id, file.path, event.target.checked ? 'accepted' : 'rejected')} />}
                    <span className={`ait-change ait-change-${file.change}`}>{file.change[0].toUpperCase()}</span>
                    {task.scratchRoot
                        ? <button className='ait-link ait-file-path' onClick={() => this.openDiff(task, file)} aria-label={`Open diff of ${file.path}`} title='Open in the diff editor'>{file.path}</button>
                        : <span className='ait-file-path'>{file.path}</span>}
                    <span className='ait-counts'> +{file.additions} −{file.deletions}</span>
                    {file.change !== 'deleted' && (task.status === 'applied' || !task.scratchRoot) &&
                        <button className='ait-link' onClick={() => this.diffs.openWorkspaceFile(task, file.path)} aria-label={`Open ${file.path}`}>open</button>}
                    {file.stale && this.renderStale(task, file)}
                </li>)}
            </ul>
        </div>;
    }

    protected renderStale(task: TaskDetail, file: TaskFileChange): React.ReactNode {
        const reviewing = task.status === 'awaiting review';
        return <div className='ait-stale-note' role='note'>
            <span className={codicon('warning')} /> Changed in the workspace since the task started: Apply will not overwrite it
            {file.overrideStale ? ' (overridden: the agent\'s version wins)' : ''}.
            {reviewing && <>
                {' '}<button className='ait-link' onClick={() => this.model.rebase(task.id, file.path)} aria-label={`Re-base ${file.path}`}>Re-base</button>
                {' · '}<button className='ait-link' onClick={() => this.model.overrideStale(task.id, file.path, !file.overrideStale)}
                    aria-label={`${file.overrideStale ? 'Keep' : 'Override'} ${file.path}`}>{file.overrideStale ? 'Keep mine' : 'Override'}</button>
            </>}
        </div>;
    }

    protected renderStep(step: TaskStep): React.ReactNode {
        const long = step.text.length > 600 || step.text.split('\n').length > 12;
        const expanded = this.expandedSteps.has(step.id);
        const shown = long && !expanded ? `${step.text.split('\n').slice(0, 12).join('\n').slice(0, 600)}…` : step.text;
        const label = step.kind === 'tool-call' ? `Tool call ${step.tool}` : step.kind === 'tool-result' ? `Result of ${step.tool}` :
            step.kind === 'thought' ? 'Agent' : step.kind === 'gates' ? 'Quality gates' : step.kind === 'error' ? 'Stopped' : 'Info';
        return <li key={step.id} className={`ait-step ait-step-${step.kind}${step.isError ? ' ait-step-error' : ''}${step.streaming ? ' ait-streaming' : ''}`}
            data-kind={step.kind} data-step-id={step.id} {...(step.tool && { 'data-tool': step.tool })}>
            <div className='ait-step-head'>
                <span className={codicon(step.streaming ? 'loading' : STEP_ICON[step.kind]) + (step.streaming ? ' codicon-modifier-spin' : '')} />
                <span className='ait-step-label'>{label}</span>
                {step.round > 0 && <span className='ait-muted'> (auto-fix {step.round})</span>}
                {long && <button className='ait-link' onClick={() => { this.toggleStep(step.id); }}>{expanded ? 'less' : 'more'}</button>}
            </div>
            {shown && <pre className='ait-step-text'>{shown}</pre>}
        </li>;
    }

    protected toggleStep(id: number): void {
        if (!this.expandedSteps.delete(id)) {
            this.expandedSteps.add(id);
        }
        this.update();
    }

    protected async openDiff(task: TaskDetail, file: TaskFileChange): Promise<void> {
        try {
            await this.diffs.openDiff(task, file);
        } catch (error) {
            this.model.message = { kind: 'error', text: messageOf(error) };
            this.update();
        }
    }
}

function firstLine(text: string): string {
    const line = text.split('\n')[0];
    return line.length > 80 ? `${line.slice(0, 80)}…` : line;
}

function usd(value: number): string {
    return `$${value > 0 && value < 0.01 ? value.toFixed(4) : value.toFixed(2)}`;
}

function elapsed(task: TaskSummary): string {
    const start = Date.parse(task.startedAt ?? task.createdAt);
    const end = task.endedAt ? Date.parse(task.endedAt) : task.status === 'queued' ? start : Date.now();
    const seconds = Math.max(0, Math.round((end - start) / 1000));
    return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function cssName(status: TaskStatus): string {
    return status.replace(/\s+/g, '-');
}
