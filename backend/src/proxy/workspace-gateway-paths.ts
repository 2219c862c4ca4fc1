import type { Request, Response } from 'express';
import { ACTIVITY_PATH, OPEN_SANDBOX_PATH, SANDBOX_STATUS_PATH, SandboxStatusReport } from '@ide/sandbox-contract';
import { isNotFound } from '../errors/domain-error.js';
import { HttpError } from '../http/http-error.js';
import { UserRecord, WorkspaceRecord } from '../store/records.js';
import { SandboxLifecycle } from '../workspaces/sandbox-lifecycle.js';
import { WorkspaceService } from '../workspaces/workspace-service.js';

/**
 * The gateway's own paths beside the IDE (`<ide root>/.gateway/…`), for its pages and tabs: the
 * sandbox's status (what a tab shows when its connection drops or an idle stop nears), an explicit
 * start, the user's activity. Writes must come from the IDE's own origin. (A port's sharing is not
 * changed here but on the dashboard: what the IDE's origin may do, code in the sandbox may do.)
 */
export class WorkspaceGatewayPaths {
    constructor(private readonly workspaces: WorkspaceService, private readonly lifecycle: SandboxLifecycle) { }

    /** Answers `path` and returns true when it is one of these; false for any other path. */
    async answer(req: Request, res: Response, path: string, workspaceId: string, user: UserRecord | undefined, ownOrigin: string): Promise<boolean> {
        if (path !== SANDBOX_STATUS_PATH && path !== OPEN_SANDBOX_PATH && path !== ACTIVITY_PATH) {
            return false;
        }
        if (!user) {
            throw new HttpError(401, 'sign in to open this workspace');
        }
        res.setHeader('Cache-Control', 'no-store');
        let workspace: WorkspaceRecord;
        try {
            workspace = this.workspaces.get(user, workspaceId);
        } catch (error) {
            if (path === SANDBOX_STATUS_PATH && isNotFound(error)) {
                res.json({ state: 'deleted' } satisfies SandboxStatusReport);
                return true;
            }
            throw error;
        }
        if (path === SANDBOX_STATUS_PATH) {
            res.json(await this.lifecycle.status(workspace));
            return true;
        }
        if (req.method !== 'POST' || req.headers.origin !== ownOrigin) {
            throw new HttpError(403, 'only the workspace\'s own pages may do that');
        }
        if (path === OPEN_SANDBOX_PATH) {
            this.lifecycle.open(user, workspace.id).catch(() => undefined);
        } else {
            this.lifecycle.recordActivity(workspace.id);
        }
        res.status(202).json({ ok: true });
        return true;
    }
}
