import { inject, injectable } from '@theia/core/shared/inversify';
import { PreloadContribution } from '@theia/core/lib/browser/preload/preloader';
import { WorkspaceServer } from '@theia/workspace/lib/common/workspace-protocol';

/**
 * The backend's workspace server with the workspace to open asked for during the preload. Theia's
 * WorkspaceService asks for it only once every module has loaded, and the workbench layout waits for the
 * workspace's roots (its stored state is keyed by them), so that round trip to the sandbox, queued behind
 * every other service's first messages, held the layout up. The early answer serves the first ask only.
 */
export class RecentWorkspacePreloaded implements WorkspaceServer {
    private early: Promise<string | undefined> | undefined;

    constructor(private readonly backend: WorkspaceServer) { }

    preload(): void {
        this.early ??= this.backend.getMostRecentlyUsedWorkspace();
        this.early.catch(() => undefined);
    }

    getMostRecentlyUsedWorkspace(): Promise<string | undefined> {
        const early = this.early;
        this.early = undefined;
        // A failed early answer (the connection dropped) is asked for again.
        return early?.catch(() => this.backend.getMostRecentlyUsedWorkspace()) ?? this.backend.getMostRecentlyUsedWorkspace();
    }

    setMostRecentlyUsedWorkspace(uri: string): Promise<void> {
        this.early = undefined;
        return this.backend.setMostRecentlyUsedWorkspace(uri);
    }

    removeRecentWorkspace(uri: string): Promise<void> {
        this.early = undefined;
        return this.backend.removeRecentWorkspace(uri);
    }

    getRecentWorkspaces(): Promise<string[]> {
        return this.backend.getRecentWorkspaces();
    }
}

/** Asks for the workspace to open as the page loads, beside Theia's own preloads, without waiting for the answer. */
@injectable()
export class RecentWorkspacePreload implements PreloadContribution {
    @inject(RecentWorkspacePreloaded) protected readonly workspaces!: RecentWorkspacePreloaded;

    initialize(): void {
        this.workspaces.preload();
    }
}
