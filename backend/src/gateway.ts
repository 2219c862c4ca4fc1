import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, IncomingMessage, Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Docker from 'dockerode';
import express from 'express';
import { AccessEvents } from './auth/access-events.js';
import { ensureFirstAdmin } from './auth/first-admin.js';
import { LiveConnections } from './auth/live-connections.js';
import { OidcSignIn } from './auth/oidc/oidc-sign-in.js';
import { SessionService } from './auth/sessions.js';
import { UserService } from './auth/users.js';
import { WorkspaceSessions } from './auth/workspace-sessions.js';
import { ProfileEditor } from './config/profile-editor.js';
import { loadProfiles, ProfileCatalog } from './config/profiles.js';
import { ServerConfig } from './config/server-config.js';
import { adminRenderer, AdminContext } from './http/admin-renderer.js';
import { adminRoutes } from './http/admin-routes.js';
import { assetRoutes } from './http/asset-routes.js';
import { adminExtensionRoutes } from './http/admin-extension-routes.js';
import { ExtensionStore } from './extensions-registry/extension-store.js';
import { PinnedExtensions } from './extensions-registry/pinned-extensions.js';
import { authRoutes } from './http/auth-routes.js';
import { errorHandler } from './http/error-handler.js';
import { guardUpgrades } from './http/guarded-upgrades.js';
import { healthRoutes } from './http/health-routes.js';
import { originFormOnly } from './http/origin-form-only.js';
import { metricsRoutes } from './http/metrics-routes.js';
import { oidcRoutes } from './http/oidc-routes.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { HttpError } from './http/http-error.js';
import { attachUser, refuseWorkspaceOrigins, sameOriginWrites } from './http/request-context.js';
import { securityHeaders } from './http/security-headers.js';
import { workspaceRoutes } from './http/workspace-routes.js';
import { tokenRoutes } from './http/token-routes.js';
import { llmRoutes } from './http/llm-routes.js';
import { LlmProxy } from './llm/llm-proxy.js';
import { PriceTable } from './llm/price-table.js';
import { UsageLedger } from './llm/usage-ledger.js';
import { BoundedQueue } from './limits/bounded-queue.js';
import { TaskRecords } from './audit/task-records.js';
import { sandboxRequests } from './http/sandbox-requests.js';
import { dashboardRenderer } from './http/dashboard.js';
import { AuditLog } from './audit/audit-log.js';
import { McpFrontDoor } from './mcp/mcp-front-door.js';
import { MemoryBudget } from './limits/memory-budget.js';
import { ApiTokenService } from './tokens/api-tokens.js';
import { Logger } from './log.js';
import { WorkspaceAccessResolver } from './proxy/workspace-access.js';
import { IdeAssets } from './proxy/ide-assets.js';
import { SecretBox } from './secrets/secret-box.js';
import { GitCredentials } from './workspaces/git/git-credentials.js';
import { GitHostPolicy } from './workspaces/git/git-host-policy.js';
import { WorkspaceClones } from './workspaces/git/workspace-clones.js';
import { PostCreateCommands } from './workspaces/devcontainer/post-create-command.js';
import { gitCredentialRoutes } from './http/git-credential-routes.js';
import { WorkspaceFrontDoor } from './proxy/workspace-front-door.js';
import { WorkspaceGatewayPaths } from './proxy/workspace-gateway-paths.js';
import { WorkspaceTickets } from './proxy/workspace-tickets.js';
import { WorkspaceOrigins } from './proxy/workspace-origins.js';
import { WorkspaceProxy } from './proxy/workspace-proxy.js';
import { SandboxLinks } from './sandbox-link/sandbox-links.js';
import { DockerSandboxProvider } from './sandbox/docker-sandbox-provider.js';
import { SandboxProvider } from './sandbox/sandbox-provider.js';
import { Store } from './store/store.js';
import { IdleReaper } from './workspaces/idle-reaper.js';
import { SandboxBuilder } from './workspaces/sandbox-builder.js';
import { SandboxLifecycle } from './workspaces/sandbox-lifecycle.js';
import { WarmPool } from './workspaces/warm-pool.js';
import { WorkspaceService } from './workspaces/workspace-service.js';

const BODY_LIMIT = '64kb';
/** Sandbox answers (tool results) held in memory at once, over all calls. */
const REPLY_MEMORY_BYTES = 256 * 1024 * 1024;
/** Post-create commands' answers held at once (each is at most the tool's output limit). */
const POST_CREATE_MEMORY_BYTES = 64 * 1024 * 1024;
/** Model requests from sandboxes held in memory at once, over all sandboxes. */
const MODEL_BODY_MEMORY_BYTES = 256 * 1024 * 1024;
/** Agent tool calls running in one sandbox at once; more wait, up to the queue's bound. */
const TOOL_CALLS_PER_SANDBOX = 16;

export interface Gateway {
    server: Server;
    url: string;
    /** Gateway state, and each sandbox's socket directory under `run/<workspace id>/`. */
    dataDir: string;
    store: Store;
    users: UserService;
    sandboxes: SandboxProvider;
    connections: LiveConnections;
    close(): Promise<void>;
}

export interface GatewayOverrides {
    sandboxes?: SandboxProvider;
    profiles?: ProfileCatalog;
}

/** Wires the gateway: store, auth, sandbox provider, routes, proxy. Where every request enters. */
export async function startGateway(config: ServerConfig, log: Logger, overrides: GatewayOverrides = {}): Promise<Gateway> {
    const store = await Store.open(join(config.dataDir, 'gateway.json'));
    const catalog = overrides.profiles ?? await loadProfiles(config.profilesPath);
    const events = new AccessEvents();
    const connections = new LiveConnections(log);
    const users = new UserService(store, events);
    await ensureFirstAdmin(users, config.adminUser, config.adminPassword, log);
    const sessions = new SessionService(store, users, config.sessionTtlMs, events);
    const workspaceSessions = new WorkspaceSessions(store, sessions, events);
    const tokens = new ApiTokenService(store, users, events);
    events.on('sessionEnded', sessionHash => connections.end({ sessionHash }, 'session ended'));
    events.on('userLocked', userId => connections.end({ userId }, 'user disabled or password reset'));
    events.on('tokenRevoked', tokenId => connections.end({ tokenId }, 'token revoked'));
    const sso = config.signIn.oidc && new OidcSignIn(config.signIn.oidc, store, events, log);
    sso?.issuer.refresh();

    const metrics = new GatewayMetrics(async () => {
        const all = await sandboxes.list();
        return { running: all.filter(sandbox => sandbox.state === 'running').length, starting: all.filter(sandbox => sandbox.state === 'starting').length };
    });
    const sandboxes: SandboxProvider = overrides.sandboxes ?? new DockerSandboxProvider({
        docker: new Docker({ socketPath: config.dockerSocket }),
        instance: config.instance,
        runtimeDir: config.runtimeDir,
        log
    });
    const ledger = await UsageLedger.open(join(config.dataDir, 'llm-usage.jsonl'));
    const llm = new LlmProxy({ ...config.llm, prices: await PriceTable.load(config.llm.pricesPath), ledger, metrics, log, bodyMemory: new MemoryBudget(MODEL_BODY_MEMORY_BYTES) });
    const taskRecords = new TaskRecords(join(config.dataDir, 'tasks.jsonl'));
    const gitCredentials = new GitCredentials(store, await SecretBox.open(config.dataDir, config.secretsKey));
    const extensions = await ExtensionStore.open(join(config.dataDir, 'extensions'));
    const pinned = new PinnedExtensions(extensions, join(config.dataDir, 'extensions-unpacked'), log);
    const links = new SandboxLinks(join(config.dataDir, 'run'), sandboxRequests({ store, users, llm, ledger, taskRecords, gitCredentials, catalog, extensions }), log);
    const builder = new SandboxBuilder({
        sandboxes, links, log,
        readyTimeoutMs: config.sandboxReadyTimeoutMs,
        onStarted: seconds => metrics.sandboxStartSeconds.observe(seconds),
        pinnedExtensions: profile => pinned.forProfile(profile)
    });
    const pool = new WarmPool(builder, catalog, log);
    const workspaces = new WorkspaceService(store, builder, catalog, config.limits, pool, id => extensions.find(id) !== undefined);
    const clones = new WorkspaceClones({ dataDir: config.dataDir, policy: new GitHostPolicy(config.git.allowedHosts), credentials: gitCredentials, ...config.git, log });
    const postCreate = new PostCreateCommands((id, outcome) => workspaces.recordPostCreate(id, outcome), new MemoryBudget(POST_CREATE_MEMORY_BYTES), log);
    const lifecycle = new SandboxLifecycle({ workspaces, builder, connections, tokens, clones, postCreate, log });
    const isSecure = (req: IncomingMessage): boolean => Boolean(config.tls) || (config.trustProxy && String(req.headers['x-forwarded-proto']).split(',')[0].trim() === 'https');
    const origins = new WorkspaceOrigins(config.workspaceOrigins, isSecure);
    const audit = new AuditLog(join(config.dataDir, 'audit.jsonl'));
    const callQueues = new Map<string, BoundedQueue>();
    const mcp = new McpFrontDoor({
        tokens, workspaces, lifecycle, connections, audit, metrics, log, isSecure,
        replyMemory: new MemoryBudget(REPLY_MEMORY_BYTES),
        callQueue: workspaceId => {
            let queue = callQueues.get(workspaceId);
            if (!queue) {
                queue = new BoundedQueue({ concurrency: TOOL_CALLS_PER_SANDBOX, maxWaiting: 4 * TOOL_CALLS_PER_SANDBOX, whenFull: () => new HttpError(429, 'too many tool calls at once in this sandbox') });
                callQueues.set(workspaceId, queue);
            }
            return queue;
        },
        allowedOrigins: config.mcpAllowedOrigins,
        idleSessionMs: config.mcpIdleSessionMs
    });
    const reaper = new IdleReaper({
        sandboxes, lifecycle, workspaces, store, log,
        checkEveryMs: config.idleCheckMs
    });
    const renderDashboard = dashboardRenderer(workspaces, tokens, audit, gitCredentials);
    const adminContext: AdminContext = { users, store, sandboxes, workspaces, lifecycle, audit, ledger, llm, taskRecords, limits: config.limits, pool,
        profileEditor: new ProfileEditor(catalog, config.profilesPath), workspaceOrigins: config.workspaceOrigins, extensions };
    const frontDoor = new WorkspaceFrontDoor({
        origins, lifecycle, isSecure,
        access: new WorkspaceAccessResolver(sessions, workspaceSessions, workspaces, origins),
        tickets: new WorkspaceTickets(workspaceSessions, lifecycle, origins, isSecure),
        gatewayPaths: new WorkspaceGatewayPaths(workspaces, lifecycle),
        proxy: new WorkspaceProxy(lifecycle, connections, log, metrics, isSecure),
        assets: IdeAssets.load(config.runtimeDir, log)
    });

    await adoptSandboxes(sandboxes, links, store, log);
    pool.refillAll();

    const app = express();
    app.disable('x-powered-by');
    // One hop: the client's address is the one our proxy appended to X-Forwarded-For, not one the client wrote (sign-in limits key on it).
    app.set('trust proxy', config.trustProxy ? 1 : false);
    app.use(frontDoor.middleware);
    app.use(refuseWorkspaceOrigins(origin => origins.isWorkspaceOrigin(origin)));
    app.use(mcp.router());
    app.use(securityHeaders);
    app.use(express.json({ limit: BODY_LIMIT }));
    app.use(express.urlencoded({ limit: BODY_LIMIT, extended: false }));
    app.use(attachUser(sessions));
    app.use(sameOriginWrites(isSecure));
    app.use(healthRoutes(store, sandboxes));
    app.use(assetRoutes());
    app.use(metricsRoutes(metrics, config.metricsToken));
    const gatewayOrigin = (req: IncomingMessage): string => origins.gatewayOrigin(req);
    app.use(authRoutes({ users, sessions, log, attemptsPer15Min: config.loginAttemptsPer15Min, attemptsPerAddressPer15Min: config.loginAttemptsPerAddressPer15Min, isSecure,
        passwordLogin: config.signIn.passwordLogin, breakGlassUser: config.adminUser, sso, gatewayOrigin }));
    if (sso) {
        app.use(oidcRoutes({ sso, sessions, log, isSecure, gatewayOrigin }));
    }
    app.use(workspaceRoutes(workspaces, lifecycle, clones, renderDashboard));
    app.use(gitCredentialRoutes(gitCredentials));
    app.use(tokenRoutes(tokens, workspaces, audit, renderDashboard));
    app.use(adminRoutes(adminContext));
    app.use(adminExtensionRoutes(extensions, log));
    app.use(llmRoutes(ledger, llm, taskRecords, config.llm.userMonthlyBudgetUsd));
    app.get('/favicon.ico', (_req, res) => { res.status(204).end(); });
    app.use((_req, _res, next) => next(new HttpError(404, 'no such page')));
    app.use(errorHandler(log, { dashboard: (req, res, form) => renderDashboard(req, res, { form }), admin: adminRenderer(adminContext) }));

    const listener = originFormOnly(app);
    const server = config.tls
        ? createHttpsServer({ cert: readFileSync(config.tls.certPath), key: readFileSync(config.tls.keyPath) }, listener)
        : createHttpServer(listener);
    const upgraded = guardUpgrades(server, (req, socket, head) => frontDoor.handleUpgrade(req, socket, head), log);
    server.on('clientError', (_error, socket) => {
        if (socket.writable) {
            socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
        } else {
            socket.destroy();
        }
    });
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, resolve);
    });
    const address = server.address() as AddressInfo;
    const url = `${config.tls ? 'https' : 'http'}://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${address.port}`;
    log.info({ url, instance: config.instance, workspaceOrigins: config.workspaceOrigins.mode }, 'gateway listening');
    if (config.workspaceOrigins.mode === 'path') {
        log.warn('IDE_WORKSPACE_ORIGINS=path: every workspace shares the gateway\'s origin, so a page served from a sandbox acts with its owner\'s session. Unsafe for untrusted code.');
    }

    return {
        server, url, dataDir: config.dataDir, store, users, sandboxes, connections,
        close: async () => {
            reaper.close();
            sessions.close();
            await pool.close();
            await mcp.close();
            await links.closeAll();
            const closed = new Promise<void>(resolve => server.close(() => resolve()));
            server.closeIdleConnections();
            upgraded.forEach(socket => socket.destroy());
            await Promise.race([closed, sleep(5000)]);
            server.closeAllConnections();
        }
    };
}

/**
 * After a restart: sandboxes keep running and are found again by their labels; their links listen
 * again so they dial back in by themselves. Leftovers of deleted workspaces go.
 */
async function adoptSandboxes(sandboxes: SandboxProvider, links: SandboxLinks, store: Store, log: Logger): Promise<void> {
    try {
        const known = new Set(store.data.workspaces.map(workspace => workspace.id));
        const removed = await sandboxes.removeOrphans(known);
        await Promise.all(removed.map(id => links.remove(id)));
        const running = (await sandboxes.list()).filter(sandbox => sandbox.state === 'running' && known.has(sandbox.workspaceId));
        await Promise.all(running.map(sandbox => links.open(sandbox.workspaceId)));
        log.info({ orphansRemoved: removed.length, adopted: running.length }, 'sandboxes adopted');
    } catch (error) {
        log.warn({ err: (error as Error).message }, 'could not list sandboxes at start; the engine may be down (readyz will say so)');
    }
}
