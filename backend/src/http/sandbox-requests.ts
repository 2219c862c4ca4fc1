import type { IncomingMessage, ServerResponse } from 'node:http';
import {
    GIT_CREDENTIAL_PATH, GIT_CREDENTIAL_REQUEST_LIMIT_BYTES, GitCredential, gitCredentialRequestSchema,
    readRequestBody, RequestBodyTooLargeError, TASK_RECORDS_PATH, TASK_REPORT_LIMIT_BYTES, taskReportSchema, WORKSPACE_INFO_PATH, WorkspaceInfo
} from '@ide/sandbox-contract';
import { ProfileCatalog } from '../config/profiles.js';
import { ExtensionStore } from '../extensions-registry/extension-store.js';
import { isRegistryPath, registryForSandboxes } from '../extensions-registry/registry-for-sandboxes.js';
import { GitCredentials } from '../workspaces/git/git-credentials.js';
import { parseGitSource } from '../workspaces/git/git-source.js';
import { TaskRecords } from '../audit/task-records.js';
import { UserService } from '../auth/users.js';
import { LlmProxy } from '../llm/llm-proxy.js';
import { UsageLedger } from '../llm/usage-ledger.js';
import { SandboxRequestHandler } from '../sandbox-link/sandbox-link.js';
import { KeyedRateLimit } from '../limits/keyed-rate-limit.js';
import { Store } from '../store/store.js';
import { sendJson } from './send-json.js';

/** Task reports per sandbox: a few at once, then one every 6 s (a task takes far longer than that). */
const TASK_REPORT_BURST = 10;
const TASK_REPORTS_PER_SECOND = 1 / 6;

/** Credential requests per sandbox: git asks once per fetch or push. */
const CREDENTIAL_BURST = 20;
const CREDENTIALS_PER_SECOND = 1;

export interface SandboxRequestsOptions {
    store: Store;
    users: UserService;
    llm: LlmProxy;
    ledger: UsageLedger;
    taskRecords: TaskRecords;
    gitCredentials: GitCredentials;
    catalog: ProfileCatalog;
    extensions: ExtensionStore;
}

/**
 * Where requests from inside a sandbox enter (its gateway.sock): they act for the workspace's
 * owner, whichever workspace the socket belongs to. They learn which workspace they serve,
 * report finished tasks (audited), ask git's credential (networked profiles only), search and
 * download from the extension registry (its profile's rules), and
 * everything else goes to the model proxy.
 */
export function sandboxRequests({ store, users, llm, ledger, taskRecords, gitCredentials, catalog, extensions }: SandboxRequestsOptions): SandboxRequestHandler {
    const registry = registryForSandboxes(extensions, catalog);
    const reportRates = new KeyedRateLimit(TASK_REPORT_BURST, TASK_REPORTS_PER_SECOND);
    const credentialRates = new KeyedRateLimit(CREDENTIAL_BURST, CREDENTIALS_PER_SECOND);
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
            const info: WorkspaceInfo = {
                id: workspace.id, name: workspace.name, profile: workspace.profile, owner: owner.username,
                ...(workspace.devcontainer?.forwardPorts.length ? { forwardPorts: workspace.devcontainer.forwardPorts } : {})
            };
            sendJson(res, 200, info);
            return;
        }
        if (isRegistryPath(path)) {
            await registry(req, res, workspace);
            return;
        }
        if (path === GIT_CREDENTIAL_PATH) {
            if (credentialRates.refuse(workspaceId, res, 'too many credential requests from this sandbox')) {
                return;
            }
            if (catalog.profiles.get(workspace.profile)?.network !== 'egress') {
                sendJson(res, 403, { error: 'this workspace\'s profile has no network: there is nothing to authenticate to' });
                return;
            }
            const body = await readJson(req, res, GIT_CREDENTIAL_REQUEST_LIMIT_BYTES);
            const asked = body === undefined ? undefined : gitCredentialRequestSchema.safeParse(body);
            if (!asked?.success) {
                if (asked) {
                    sendJson(res, 400, { error: 'send {"protocol": "https", "host": "<host>"}' });
                }
                return;
            }
            const source = workspace.source && parseGitSource(workspace.source.gitUrl, undefined);
            const found = source && source.host === asked.data.host.toLowerCase() && source.url.protocol === `${asked.data.protocol}:`
                ? await gitCredentials.use(owner.id, source.host)
                : undefined;
            if (!found) {
                sendJson(res, 404, { error: 'no token for that host is offered to this workspace (only for the host it was cloned from)' });
                return;
            }
            sendJson(res, 200, { username: found.username, password: found.token } satisfies GitCredential);
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
        if (reportRates.refuse(workspaceId, res, 'too many task reports from this sandbox')) {
            return;
        }
        const body = await readJson(req, res, TASK_REPORT_LIMIT_BYTES);
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
async function readJson(req: IncomingMessage, res: ServerResponse, limit: number): Promise<unknown> {
    let body: Buffer;
    try {
        body = await readRequestBody(req, limit);
    } catch (error) {
        if (error instanceof RequestBodyTooLargeError) {
            sendJson(res, 413, { error: `the body is at most ${limit} bytes` });
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
