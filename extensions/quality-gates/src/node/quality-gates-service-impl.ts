import { inject, injectable } from '@theia/core/shared/inversify';
import { Disposable } from '@theia/core/lib/common/disposable';
import { GateRunResult } from '../common/gate-results';
import { GateListing, QualityGatesClient, QualityGatesService } from '../common/quality-gates-protocol';
import { QualityGateRunner } from './quality-gate-runner';

/** One per frontend connection: forwards every run's progress to that frontend. */
@injectable()
export class QualityGatesServiceImpl implements QualityGatesService {
    protected client: QualityGatesClient | undefined;
    protected subscription: Disposable | undefined;

    constructor(@inject(QualityGateRunner) protected readonly runner: QualityGateRunner) { }

    setClient(client: QualityGatesClient | undefined): void {
        this.subscription?.dispose();
        this.client = client;
        this.subscription = client && this.runner.onProgress(event => {
            try {
                this.client?.onProgress(event);
            } catch {
                // the frontend went away; dispose() follows
            }
        });
    }

    listGates(root: string): Promise<GateListing> {
        return this.runner.listGates(root);
    }

    run(root: string, gates?: string[]): Promise<GateRunResult> {
        return this.runner.run({ root, gates }, { recordHistory: true });
    }

    async cancel(runId: string): Promise<void> {
        this.runner.cancel(runId);
    }

    getHistory(root: string): Promise<GateRunResult[]> {
        return this.runner.history(root);
    }

    dispose(): void {
        this.subscription?.dispose();
        this.subscription = undefined;
        this.client = undefined;
    }
}
