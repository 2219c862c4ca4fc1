import { injectable } from '@theia/core/shared/inversify';
import { BackendApplicationContribution } from '@theia/core/lib/node/backend-application';
import { Event } from '@theia/core/lib/common/event';
import { askGatewayForWorkspace } from '@ide/sandbox-contract/lib/gateway-workspace-client';
import { workspaceRootFromEnv } from '@ide/sandbox-mcp/lib/node/workspace-paths';
import { MemoryChange, MemoryService } from '../common/memory-protocol';
import {
    MemoryAuthor, MemoryEntry, MemoryEntryChanges, MemoryListing, MemoryProblem, MemorySearchQuery, MemorySearchResults, NewMemoryEntry
} from '../common/memory-types';
import { ProjectMemory } from './project-memory';

/** Until the gateway names the workspace's owner: the process user. */
export function workspaceUserFromEnv(env: NodeJS.ProcessEnv = process.env): MemoryAuthor {
    return { kind: 'human', name: env.IDE_USER_NAME || env.USER || 'user' };
}

/**
 * The project memory of the sandbox's workspace (IDE_WORKSPACE_DIR), for the view (over RPC),
 * the MCP tools and other backend extensions: `@inject(MemoryService)`. Indexing starts with
 * the backend; every call waits until the first index is built.
 */
@injectable()
export class MemoryServiceImpl implements MemoryService, BackendApplicationContribution {
    readonly memory = new ProjectMemory(workspaceRootFromEnv(), { defaultAuthor: workspaceUserFromEnv() });

    get onDidChange(): Event<MemoryChange> {
        return this.memory.onDidChange;
    }

    onStart(): void {
        this.memory.start().catch(error => console.error('[memory] indexing the workspace failed', error));
        // Entries written from the IDE are by the workspace's owner, whom the gateway names.
        void askGatewayForWorkspace().then(workspace => {
            if (workspace) {
                this.memory.setDefaultAuthor({ kind: 'human', name: workspace.owner });
            }
        });
    }

    onStop(): void {
        this.memory.close();
    }

    search(query: MemorySearchQuery): Promise<MemorySearchResults> {
        return this.memory.search(query);
    }

    add(entry: NewMemoryEntry, author?: MemoryAuthor): Promise<MemoryEntry> {
        return this.memory.add(entry, author);
    }

    update(id: string, changes: MemoryEntryChanges): Promise<MemoryEntry> {
        return this.memory.update(id, changes);
    }

    delete(id: string): Promise<void> {
        return this.memory.delete(id);
    }

    get(id: string): Promise<MemoryEntry> {
        return this.memory.get(id);
    }

    list(): Promise<MemoryListing> {
        return this.memory.list();
    }

    problems(): Promise<MemoryProblem[]> {
        return this.memory.problems();
    }

    workspaceRoot(): Promise<string> {
        return this.memory.workspaceRoot();
    }
}
