import { inject, injectable } from '@theia/core/shared/inversify';
import { Emitter } from '@theia/core/lib/common/event';
import { MessageService } from '@theia/core/lib/common/message-service';
import URI from '@theia/core/lib/common/uri';
import { WorkspaceService } from '@theia/workspace/lib/browser/workspace-service';
import { GateDescription, GateKind, GateProgressEvent, GateResult, GateRunResult, GateStatus } from '../common/gate-results';
import { QualityGatesService } from '../common/quality-gates-protocol';
import { QualityGatesClientImpl } from './quality-gates-client';

export type GateRowStatus = GateStatus | 'not run' | 'queued' | 'running';

/** One gate as the view shows it: its latest result, or its state in the run under way. */
export interface GateRow {
    name: string;
    kind: GateKind;
    command?: string;
    status: GateRowStatus;
    result?: GateResult;
    /** Latest output line while it runs. */
    lastLine?: string;
    /** When its latest result was produced. */
    finishedAt?: string;
}

const MAX_HISTORY = 20;

/** The state of the Quality Gates view for the first workspace root; follows runs started anywhere in the sandbox. */
@injectable()
export class QualityGatesModel {
    @inject(QualityGatesService) protected readonly service!: QualityGatesService;
    @inject(QualityGatesClientImpl) protected readonly client!: QualityGatesClientImpl;
    @inject(WorkspaceService) protected readonly workspace!: WorkspaceService;
    @inject(MessageService) protected readonly messages!: MessageService;

    protected readonly changeEmitter = new Emitter<void>();
    readonly onDidChange = this.changeEmitter.event;
    protected readonly resultsEmitter = new Emitter<void>();
    /** The latest results changed: a gate finished, or history was loaded. */
    readonly onDidChangeResults = this.resultsEmitter.event;

    rootUri: URI | undefined;
    root: string | undefined;
    gates: GateDescription[] = [];
    configError: string | undefined;
    rows: GateRow[] = [];
    history: GateRunResult[] = [];
    activeRunId: string | undefined;
    loading = true;
    protected initialized: Promise<void> | undefined;

    initialize(): Promise<void> {
        this.initialized ??= this.doInitialize();
        return this.initialized;
    }

    protected async doInitialize(): Promise<void> {
        this.client.onProgressEvent(event => this.handle(event));
        this.workspace.onWorkspaceChanged(() => this.refresh());
        await this.workspace.ready;
        await this.refresh();
    }

    get running(): boolean {
        return this.activeRunId !== undefined;
    }

    /** The latest result of every gate, for markers. */
    get latestResults(): GateResult[] {
        return this.rows.flatMap(row => row.result && row.status !== 'running' && row.status !== 'queued' ? [row.result] : []);
    }

    async refresh(): Promise<void> {
        const rootStat = (await this.workspace.roots)[0];
        this.rootUri = rootStat?.resource;
        this.root = rootStat ? normalize(rootStat.resource.path.fsPath()) : undefined;
        if (!this.root) {
            this.loading = false;
            this.fire();
            return;
        }
        try {
            const [listing, history] = await Promise.all([this.service.listGates(this.root), this.service.getHistory(this.root)]);
            this.gates = listing.gates;
            this.configError = listing.configError;
            this.history = history;
            this.rebuildRows();
        } catch (error) {
            this.configError = `Cannot reach the quality gates service: ${error instanceof Error ? error.message : String(error)}`;
        }
        this.loading = false;
        this.fire();
        this.resultsEmitter.fire();
    }

    async runAll(): Promise<GateRunResult | undefined> {
        return this.run(undefined);
    }

    async runGate(name: string): Promise<GateRunResult | undefined> {
        return this.run([name]);
    }

    async cancel(): Promise<void> {
        if (this.activeRunId) {
            await this.service.cancel(this.activeRunId);
        }
    }

    protected async run(gates: string[] | undefined): Promise<GateRunResult | undefined> {
        await this.initialize();
        if (!this.root) {
            this.messages.warn('Quality Gates: open a workspace folder first.');
            return undefined;
        }
        if (this.running) {
            this.messages.info('Quality Gates: a run is under way; wait for it or cancel it.');
            return undefined;
        }
        try {
            await this.refreshListing();
            return await this.service.run(this.root, gates);
        } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            this.configError = message;
            this.fire();
            this.messages.error(`Quality Gates: ${message}`);
            return undefined;
        }
    }

    protected async refreshListing(): Promise<void> {
        const listing = await this.service.listGates(this.root!);
        this.gates = listing.gates;
        this.configError = listing.configError;
        this.rebuildRows();
        this.fire();
    }

    protected handle(event: GateProgressEvent): void {
        if (normalize(event.root) !== this.root) {
            return; // a run on another directory (e.g. ai-tasks' scratch copy)
        }
        switch (event.type) {
            case 'run-started':
                this.activeRunId = event.runId;
                for (const gate of event.gates) {
                    const row = this.rowFor(gate.name, gate.kind, gate.command);
                    row.status = 'queued';
                    row.lastLine = undefined;
                }
                break;
            case 'gate-started':
                this.rowFor(event.gate, event.kind).status = 'running';
                break;
            case 'gate-output':
                this.rowFor(event.gate, 'command').lastLine = event.line;
                break;
            case 'gate-finished': {
                const row = this.rowFor(event.result.gate, event.result.kind);
                Object.assign(row, { status: event.result.status, result: event.result, lastLine: undefined, finishedAt: new Date().toISOString() });
                this.resultsEmitter.fire();
                break;
            }
            case 'run-finished':
                if (this.activeRunId === event.runId) {
                    this.activeRunId = undefined;
                }
                this.history = [event.result, ...this.history.filter(run => run.id !== event.result.id)].slice(0, MAX_HISTORY);
                for (const gate of event.result.gates) {
                    const row = this.rowFor(gate.gate, gate.kind);
                    Object.assign(row, { status: gate.status, result: gate });
                }
                this.resultsEmitter.fire();
                break;
        }
        this.fire();
    }

    /** Rows for the gates of the project, each with its latest result from history. */
    protected rebuildRows(): void {
        const previous = new Map(this.rows.map(row => [row.name, row]));
        this.rows = this.gates.map(gate => {
            const live = previous.get(gate.name);
            if (live && (live.status === 'running' || live.status === 'queued' || live.finishedAt)) {
                return { ...live, kind: gate.kind, command: gate.command ?? live.command };
            }
            const run = this.history.find(candidate => candidate.gates.some(result => result.gate === gate.name));
            const result = run?.gates.find(candidate => candidate.gate === gate.name);
            return { name: gate.name, kind: gate.kind, command: gate.command, status: result?.status ?? 'not run', result, finishedAt: run?.startedAt };
        });
    }

    protected rowFor(name: string, kind: GateKind, command?: string): GateRow {
        let row = this.rows.find(candidate => candidate.name === name);
        if (!row) {
            row = { name, kind, command, status: 'not run' };
            this.rows.push(row);
        }
        return row;
    }

    protected fire(): void {
        this.changeEmitter.fire();
    }
}

function normalize(path: string): string {
    return path.length > 1 ? path.replace(/\/+$/, '') : path;
}
