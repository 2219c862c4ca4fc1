import type { IncomingMessage } from 'node:http';
import { taskReportSchema, TaskRecords } from '../audit/task-records.js';
import { UserService } from '../auth/users.js';
import { LlmProxy } from '../llm/llm-proxy.js';
import { UsageLedger } from '../llm/usage-ledger.js';
import { SandboxRequestHandler } from '../sandbox/gateway-sockets.js';
import { Store } from '../store/store.js';
import { readRequestBody } from '@ide/sandbox-mcp/lib/node/request-body.js';
import { sendJson } from './send-json.js';

export const TASK_RECORDS_PATH = '/v1/ide/task-records';
export const WORKSPACE_INFO_PATH = '/v1/ide/workspace';
const TASK_REPORT_LIMIT_BYTES = 256 * 1024;

/**
 * Where requests from inside a sandbox enter (its gateway.sock): they act for the workspace's
 * owner. They learn which workspace they serve, report finished tasks (audited), and everything
 * else goes to the model proxy.
 */
export function sandboxRequests(store: Store, users: UserService, llm: LlmProxy, ledger: UsageLedger, taskRecords: TaskRecords): SandboxRequestHandler {
    return async (req, res, workspaceId) => {
        const workspace = store.data.workspaces.find(candidate => candidate.id === workspaceId);
        const owner = workspace && users.find(workspace.ownerId);
        if (!owner || owner.disabled) {
            sendJson(res, 403, { error: 'this workspace has no active owner' });
            return;
        }
        const path = (req.url ?? '').split('?')[0];
        if (path === WORKSPACE_INFO_PATH) {
            // Who and what this sandbox is for: not baked into the container, so a warm-pool sandbox can be handed to anyone.
            sendJson(res, 200, { id: workspace.id, name: workspace.name, profile: workspace.profile, owner: owner.username });
            return;
        }
        if (path !== TASK_RECORDS_PATH) {
            await llm.handle(req, res, { user: owner, workspaceId });
            return;
        }
        if (req.method !== 'POST') {
            sendJson(res, 405, { error: `use POST ${TASK_RECORDS_PATH}` });
            return;
        }
        const body = await readJson(req);
        const report = taskReportSchema.safeParse(body);
        if (!report.success) {
            sendJson(res, 400, { error: report.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
            return;
        }
        const metered = ledger.task(owner.id, report.data.taskId);
        await taskRecords.record({
            ...report.data,
            at: new Date().toISOString(),
            userId: owner.id,
            username: owner.username,
            workspaceId,
            metered: { requests: metered.requests, costUsd: metered.costUsd }
        });
        sendJson(res, 201, { ok: true });
    };
}

/** The parsed body; undefined when it is too large or not JSON (the schema then says what is missing). */
async function readJson(req: IncomingMessage): Promise<unknown> {
    try {
        return JSON.parse((await readRequestBody(req, TASK_REPORT_LIMIT_BYTES)).toString('utf8'));
    } catch {
        return undefined;
    }
}
