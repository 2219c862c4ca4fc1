import { injectable } from '@theia/core/shared/inversify';
import { Emitter } from '@theia/core/lib/common/event';
import { GateProgressEvent } from '../common/gate-results';
import { QualityGatesClient } from '../common/quality-gates-protocol';

/** Receives the backend's progress events (of every run in the sandbox) and republishes them. */
@injectable()
export class QualityGatesClientImpl implements QualityGatesClient {
    protected readonly progressEmitter = new Emitter<GateProgressEvent>();
    readonly onProgressEvent = this.progressEmitter.event;

    onProgress(event: GateProgressEvent): void {
        this.progressEmitter.fire(event);
    }
}
