import type { IncomingMessage, ServerResponse } from 'node:http';
import {
    readRequestBody, RequestBodyTooLargeError, TASK_RECORDS_PATH, TASK_REPORT_LIMIT_BYTES, taskReportSchema, WORKSPACE_INFO_PATH, WorkspaceInfo
} from '@ide/sandbox-contract';
import { TaskRecords } from '../audit/task-records.js';
import { UserService } from '../auth/users.js';
import { LlmProxy } from '../llm/llm-proxy.js';
import { UsageLedger } from '../llm/usage-ledger.js';
import { SandboxRequestHandler } from '../sandbox-link/sandbox-link.js';
import { TokenBucket } from '../limits/token-bucket.js';
import { Store } from '../store/store.js';
import { sendJson } from './send-json.js';

/** Task reports per sandbox: a few at once, then one every 6 s (a task takes far longer than that). */
const TASK_REPORT_BURST = 10;
const TASK_REPORTS_PER_SECOND = 1 / 6;

/**
 * Where requests from inside a sandbox enter (its gateway.sock): they act for the workspace's
 * owner, whichever workspace the socket belongs to. They learn which workspace they serve,
 * report finished tasks (audited), and everything else goes to the model proxy.
 */
export function sandboxRequests(store: Store, users: UserService, llm: LlmProxy, ledger: UsageLedger, taskRecords: TaskRecords): SandboxRequestHandler {
    const reportRates = new Map<string, TokenBucket>();
    return async (req, res, workspaceId) => {
        const workspace = store.data.workspaces.find(candidate => candidate.id === workspaceId);
        if (!workspace) {
            // A warm-pool sandbox nobody has taken yet, or one whose workspace was deleted.
            sendJson(res, 404, { error: 'this sandbox serves no workspace (yet)' });
            return;
        }
        const owner = users.find(workspace.ownerId);
        if (!owner || owner.disabled) {
            sendJson(res, 403, { error: 'this workspace has no active owner' });
            return;
        }
        const path = (req.url ?? '').split('?')[0];
        if (path === WORKSPACE_INFO_PATH) {
            const info: WorkspaceInfo = { id: workspace.id, name: workspace.name, profile: workspace.profile, owner: owner.username };
            sendJson(res, 200, info);
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
        let rate = reportRates.get(workspaceId);
        if (!rate) {
            rate = new TokenBucket(TASK_REPORT_BURST, TASK_REPORTS_PER_SECOND);
            reportRates.set(workspaceId, rate);
        }
        if (!rate.take()) {
            res.setHeader('retry-after', String(rate.retryAfterSeconds));
            sendJson(res, 429, { error: 'too many task reports from this sandbox' });
            return;
        }
        const body = await readJson(req, res);
        if (body === undefined) {
            return;
        }
        const report = taskReportSchema.safeParse(body);
        if (!report.success) {
            sendJson(res, 400, { error: report.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
            return;
        }
        const metered = ledger.task(owner.id, report.data.taskId);
        await taskRecords.record({
            ...report.data,
            text: report.data.text.length > 2000 ? `${report.data.text.slice(0, 2000)}…` : report.data.text,
            at: new Date().toISOString(),
            userId: owner.id,
            username: owner.username,
            workspaceId,
            metered: { requests: metered.requests, costUsd: metered.costUsd }
        });
        sendJson(res, 201, { ok: true });
    };
}

/** The parsed body, or undefined once a 413 or 400 has been sent. */
async function readJson(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    let body: Buffer;
    try {
        body = await readRequestBody(req, TASK_REPORT_LIMIT_BYTES);
    } catch (error) {
        if (error instanceof RequestBodyTooLargeError) {
            sendJson(res, 413, { error: `a task report is at most ${TASK_REPORT_LIMIT_BYTES} bytes` });
        } else {
            res.destroy();
        }
        return undefined;
    }
    try {
        return JSON.parse(body.toString('utf8'));
    } catch {
        sendJson(res, 400, { error: 'the body is not JSON' });
        return undefined;
    }
}
