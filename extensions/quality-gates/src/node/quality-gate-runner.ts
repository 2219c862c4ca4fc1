import { randomUUID } from 'crypto';
import * as path from 'path';
import { inject, injectable, named, optional } from '@theia/core/shared/inversify';
import { ContributionProvider } from '@theia/core/lib/common/contribution-provider';
import { Emitter, Event } from '@theia/core/lib/common/event';
import { workspaceRootFromEnv } from '@ide/sandbox-mcp/lib/node/workspace-paths';
import { GateProgressEvent, GateRunRequest, GateRunResult } from '../common/gate-results';
import { GateListing } from '../common/quality-gates-protocol';
import { QualityGateConfigError } from './gates-config';
import { GateKindContribution } from './gate-kind-contribution';
import { BUNDLED_GATE_KINDS } from './gate-kinds';
import { describeGate } from './gate-plan';
import { resolveGates } from './gate-resolution';
import { RunHistory } from './run-history';
import { runQualityGates } from './run-quality-gates';

export interface QualityGateRunOptions {
    signal?: AbortSignal;
    onProgress?(event: GateProgressEvent): void;
    /**
     * Keep the run in `<root>/.ide/gates/history.json`. Default: only when root is the workspace
     * (IDE_WORKSPACE_DIR), so that runs on scratch copies leave no file in them.
     */
    recordHistory?: boolean;
}

/**
 * Runs quality gates in the sandbox: for the view, the MCP tool, and ai-tasks (which runs them on
 * a scratch copy before applying a change). Every run's progress is also published on onProgress.
 */
@injectable()
export class QualityGateRunner {
    protected readonly progressEmitter = new Emitter<GateProgressEvent>();
    /** Progress of every run, whoever started it. */
    readonly onProgress: Event<GateProgressEvent> = this.progressEmitter.event;
    protected readonly running = new Map<string, AbortController>();

    /** Without a container (ai-tasks' tests, the bench): the bundled kinds. */
    constructor(@inject(ContributionProvider) @named(GateKindContribution) @optional() protected readonly kindProvider?: ContributionProvider<GateKindContribution>) { }

    get kinds(): readonly GateKindContribution[] {
        return this.kindProvider?.getContributions() ?? BUNDLED_GATE_KINDS;
    }

    /** The workspace root (IDE_WORKSPACE_DIR, default /workspace). */
    get workspaceRoot(): string {
        return workspaceRootFromEnv();
    }

    /** Throws QualityGateConfigError for an invalid `.ide/gates.json` or unknown gate names. */
    async run(request: GateRunRequest, options: QualityGateRunOptions = {}): Promise<GateRunResult> {
        const runId = randomUUID();
        const controller = new AbortController();
        const cancel = () => controller.abort();
        options.signal?.addEventListener('abort', cancel, { once: true });
        if (options.signal?.aborted) {
            controller.abort();
        }
        this.running.set(runId, controller);
        try {
            const result = await runQualityGates(request, {
                runId,
                kinds: this.kinds,
                signal: controller.signal,
                onProgress: event => {
                    options.onProgress?.(event);
                    this.progressEmitter.fire(event);
                }
            });
            if (options.recordHistory ?? path.resolve(request.root) === this.workspaceRoot) {
                await new RunHistory(result.root).add(result).catch(error =>
                    console.error(`[quality-gates] could not record the run in ${result.root}`, error));
            }
            return result;
        } finally {
            this.running.delete(runId);
            options.signal?.removeEventListener('abort', cancel);
        }
    }

    /** Stops a run started here; false when it is not running. */
    cancel(runId: string): boolean {
        const controller = this.running.get(runId);
        controller?.abort();
        return controller !== undefined;
    }

    /** What a run of root would run, or why `.ide/gates.json` is invalid. */
    async listGates(root: string): Promise<GateListing> {
        try {
            return { gates: (await resolveGates(path.resolve(root), this.kinds)).map(describeGate) };
        } catch (error) {
            if (error instanceof QualityGateConfigError) {
                return { gates: [], configError: error.message };
            }
            throw error;
        }
    }

    history(root: string): Promise<GateRunResult[]> {
        return new RunHistory(path.resolve(root)).read();
    }
}
