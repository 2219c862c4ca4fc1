import { Disposable } from '@theia/core/lib/common/disposable';
import { RpcProxy } from '@theia/core/lib/common/messaging/proxy-factory';
import { MemoryClient, MemoryService } from '../common/memory-protocol';
import {
    MemoryAuthor, MemoryEntry, MemoryEntryChanges, MemoryListing, MemoryProblem, MemorySearchQuery, MemorySearchResults, NewMemoryEntry
} from '../common/memory-types';
import { MemoryServiceImpl } from './memory-service-impl';

/**
 * What one frontend connection talks to: the service, plus change notifications for that
 * frontend until it disconnects. Entries added from the view are the workspace user's.
 */
export class MemoryClientConnection implements MemoryService {
    private readonly subscription: Disposable;

    constructor(private readonly service: MemoryServiceImpl, client: RpcProxy<MemoryClient>) {
        this.subscription = service.onDidChange(change => client.onDidChangeMemory(change));
        client.onDidCloseConnection(() => this.subscription.dispose());
    }

    search(query: MemorySearchQuery): Promise<MemorySearchResults> {
        return this.service.search(query);
    }

    add(entry: NewMemoryEntry, _author?: MemoryAuthor): Promise<MemoryEntry> {
        return this.service.add(entry);
    }

    update(id: string, changes: MemoryEntryChanges): Promise<MemoryEntry> {
        return this.service.update(id, changes);
    }

    delete(id: string): Promise<void> {
        return this.service.delete(id);
    }

    get(id: string): Promise<MemoryEntry> {
        return this.service.get(id);
    }

    list(): Promise<MemoryListing> {
        return this.service.list();
    }

    problems(): Promise<MemoryProblem[]> {
        return this.service.problems();
    }

    workspaceRoot(): Promise<string> {
        return this.service.workspaceRoot();
    }
}
