import { injectable } from '@theia/core/shared/inversify';
import { Emitter, Event } from '@theia/core/lib/common/event';
import { MemoryChange, MemoryClient } from '../common/memory-protocol';

/** The frontend end of MemoryClient: the backend calls it when the index changed. */
@injectable()
export class MemoryChangeNotifier implements MemoryClient {
    private readonly onDidChangeEmitter = new Emitter<MemoryChange>();
    readonly onDidChange: Event<MemoryChange> = this.onDidChangeEmitter.event;

    onDidChangeMemory(change: MemoryChange): void {
        this.onDidChangeEmitter.fire(change);
    }
}
