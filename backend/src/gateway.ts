import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, IncomingMessage, Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import Docker from 'dockerode';
import express from 'express';
import { ensureFirstAdmin } from './auth/first-admin.js';
import { SessionService } from './auth/sessions.js';
import { UserService } from './auth/users.js';
import { ProfileEditor } from './config/profile-editor.js';
import { loadProfiles, ProfileCatalog } from './config/profiles.js';
import { ServerConfig } from './config/server-config.js';
import { adminRoutes } from './http/admin-routes.js';
import { authRoutes } from './http/auth-routes.js';
import { errorHandler, toHttpError } from './http/error-handler.js';
import { healthRoutes } from './http/health-routes.js';
import { metricsRoutes } from './http/metrics-routes.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { HttpError } from './http/http-error.js';
import { startingPage } from './http/pages.js';
import { attachUser, sameOriginWrites } from './http/request-context.js';
import { securityHeaders } from './http/security-headers.js';
import { workspaceRoutes } from './http/workspace-routes.js';
import { tokenRoutes } from './http/token-routes.js';
import { llmRoutes } from './http/llm-routes.js';
import { LlmProxy } from './llm/llm-proxy.js';
import { PriceTable } from './llm/price-table.js';
import { UsageLedger } from './llm/usage-ledger.js';
import { SandboxGatewaySockets } from './sandbox/gateway-sockets.js';
import { TaskRecords } from './audit/task-records.js';
import { sandboxRequests } from './http/sandbox-requests.js';
import { dashboardRenderer } from './http/dashboard.js';
import { AuditLog } from './audit/audit-log.js';
import { McpFrontDoor } from './mcp/mcp-front-door.js';
import { ApiTokenService } from './tokens/api-tokens.js';
import { Logger } from './log.js';
import { matchWorkspacePath, WorkspaceProxy, WorkspaceRoute } from './proxy/workspace-proxy.js';
import { DockerSandboxProvider } from './sandbox/docker-sandbox-provider.js';
import { SandboxProvider } from './sandbox/sandbox-provider.js';
import { Store } from './store/store.js';
import { SandboxEndpoints } from './workspaces/sandbox-endpoints.js';
import { IdleReaper } from './workspaces/idle-reaper.js';
import { WarmPool } from './workspaces/warm-pool.js';
import { WorkspaceService } from './workspaces/workspace-service.js';

/** How long an opening page waits for a sandbox before it shows "Starting…" instead. */
const QUICK_OPEN_MS = 1500;
const BODY_LIMIT = '64kb';

export interface Gateway {
    server: Server;
    url: string;
    store: Store;
    users: UserService;
    sandboxes: SandboxProvider;
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
    const users = new UserService(store);
    await ensureFirstAdmin(users, config.adminUser, config.adminPassword, log);
    const sessions = new SessionService(store, users, config.sessionTtlMs);
    const metrics = new GatewayMetrics(async () => {
        const all = await sandboxes.list();
        return { running: all.filter(sandbox => sandbox.state === 'running').length, starting: all.filter(sandbox => sandbox.state === 'starting').length };
    });
    const sandboxes: SandboxProvider = overrides.sandboxes ?? new DockerSandboxProvider({
        docker: new Docker({ socketPath: config.dockerSocket }),
        instance: config.instance,
        runtimeDir: config.runtimeDir,
        runRoot: join(config.dataDir, 'run'),
        readyTimeoutMs: config.sandboxReadyTimeoutMs,
        log,
        onStarted: seconds => metrics.sandboxStartSeconds.observe(seconds)
    });
    const pool = new WarmPool(sandboxes, catalog, log);
    const workspaces = new WorkspaceService(store, sandboxes, catalog, config.limits, pool);
    const isSecure = (req: IncomingMessage): boolean => Boolean(config.tls) || (config.trustProxy && String(req.headers['x-forwarded-proto']).split(',')[0].trim() === 'https');
    const ledger = await UsageLedger.open(join(config.dataDir, 'llm-usage.jsonl'));
    const llm = new LlmProxy({ ...config.llm, prices: await PriceTable.load(config.llm.pricesPath), ledger, metrics, log });
    const taskRecords = new TaskRecords(join(config.dataDir, 'tasks.jsonl'));
    const gatewaySockets = new SandboxGatewaySockets(sandboxRequests(store, users, llm, ledger, taskRecords), log);
    const endpoints = new SandboxEndpoints(workspaces, {
        opened: async (workspaceId, endpoint) => {
            if (endpoint.gatewaySocketPath) {
                await gatewaySockets.ensure(workspaceId, endpoint.gatewaySocketPath);
            }
        },
        retired: workspaceId => gatewaySockets.close(workspaceId)
    });
    const tokens = new ApiTokenService(store, users);
    const audit = new AuditLog(join(config.dataDir, 'audit.jsonl'));
    const mcp = new McpFrontDoor({
        tokens, workspaces, endpoints, audit, metrics, log, isSecure,
        allowedOrigins: config.mcpAllowedOrigins,
        idleSessionMs: config.mcpIdleSessionMs
    });
    const reaper = new IdleReaper({
        sandboxes, endpoints, workspaces, store, log,
        checkEveryMs: config.idleCheckMs
    });
    const renderDashboard = dashboardRenderer(workspaces, tokens, audit);
    const proxy = new WorkspaceProxy(sessions, workspaces, endpoints, log, metrics, isSecure);

    await adoptSandboxes(sandboxes, store, log);
    pool.refillAll();

    const app = express();
    app.disable('x-powered-by');
    // One hop: the client's address is the one our proxy appended to X-Forwarded-For, not one the client wrote (sign-in limits key on it).
    app.set('trust proxy', config.trustProxy ? 1 : false);
    app.use((req, res, next) => {
        const route = matchWorkspacePath(req.url);
        if (route) {
            workspaceFrontDoor(req, res, route, proxy, endpoints, workspaces).catch(next);
        } else {
            next();
        }
    });
    app.use(mcp.router());
    app.use(securityHeaders);
    app.use(express.json({ limit: BODY_LIMIT }));
    app.use(express.urlencoded({ limit: BODY_LIMIT, extended: false }));
    app.use(attachUser(sessions));
    app.use(sameOriginWrites(isSecure));
    app.use(healthRoutes(store, sandboxes));
    app.use(metricsRoutes(metrics, config.metricsToken));
    app.use(authRoutes({ users, sessions, log, attemptsPer15Min: config.loginAttemptsPer15Min, attemptsPerAddressPer15Min: config.loginAttemptsPerAddressPer15Min, isSecure }));
    app.use(workspaceRoutes(workspaces, endpoints, renderDashboard));
    app.use(tokenRoutes(tokens, workspaces, audit, renderDashboard));
    app.use(adminRoutes({ users, store, sandboxes, workspaces, endpoints, ledger, llm, taskRecords, limits: config.limits, pool,
        profileEditor: new ProfileEditor(catalog, config.profilesPath) }));
    app.use(llmRoutes(ledger, llm, taskRecords, config.llm.userMonthlyBudgetUsd));
    app.get('/favicon.ico', (_req, res) => { res.status(204).end(); });
    app.use((_req, _res, next) => next(new HttpError(404, 'no such page')));
    app.use(errorHandler(log));

    const server = config.tls
        ? createHttpsServer({ cert: readFileSync(config.tls.certPath), key: readFileSync(config.tls.keyPath) }, app)
        : createHttpServer(app);
    const upgraded = new Set<Duplex>();
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        upgraded.add(socket);
        socket.on('close', () => upgraded.delete(socket));
        socket.on('error', () => socket.destroy());
        const route = matchWorkspacePath(req.url ?? '');
        const forwarding = route ? proxy.forwardUpgrade(req, socket, head, route) : Promise.reject(new HttpError(404, 'no such WebSocket endpoint'));
        forwarding.catch(error => {
            const httpError = toHttpError(error);
            socket.end(`HTTP/1.1 ${httpError.status} ${httpError.code}\r\nconnection: close\r\ncontent-type: text/plain\r\n\r\n${httpError.message}`);
        });
    });
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, resolve);
    });
    const address = server.address() as AddressInfo;
    const url = `${config.tls ? 'https' : 'http'}://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${address.port}`;
    log.info({ url, instance: config.instance }, 'gateway listening');

    return {
        server, url, store, users, sandboxes,
        close: async () => {
            reaper.close();
            await pool.close();
            await mcp.close();
            await gatewaySockets.closeAll();
            const closed = new Promise<void>(resolve => server.close(() => resolve()));
            server.closeIdleConnections();
            upgraded.forEach(socket => socket.destroy());
            await Promise.race([closed, sleep(5000)]);
            server.closeAllConnections();
        }
    };
}

/** Requests under /w/<workspace>/ go to the sandbox; everything else falls through to the gateway's routes. */
async function workspaceFrontDoor(req: express.Request, res: express.Response, route: WorkspaceRoute, proxy: WorkspaceProxy, endpoints: SandboxEndpoints, workspaces: WorkspaceService): Promise<void> {
    if (route.innerPath === '') {
        res.redirect(308, `/w/${encodeURIComponent(route.workspaceId)}/`);
        return;
    }
    const user = proxy.authorize(req, route);
    if (!endpoints.isReady(route.workspaceId) && isIdeDocument(req, route)) {
        const opening = endpoints.open(user, route.workspaceId);
        opening.catch(() => undefined);
        const openedQuickly = await Promise.race([opening.then(() => true), sleep(QUICK_OPEN_MS, false)]);
        if (!openedQuickly) {
            res.status(200).type('html').setHeader('Cache-Control', 'no-store');
            res.send(startingPage(workspaces.get(user, route.workspaceId).name, route.workspaceId));
            return;
        }
    }
    await proxy.forwardHttp(req, res, user, route);
}

function isIdeDocument(req: IncomingMessage, route: WorkspaceRoute): boolean {
    const path = route.innerPath.split('?')[0];
    return req.method === 'GET' && (path === '/' || path === '/index.html') && String(req.headers.accept).includes('text/html');
}

/** After a restart: sandboxes keep running and are found again by their labels; leftovers of deleted workspaces go. */
async function adoptSandboxes(sandboxes: SandboxProvider, store: Store, log: Logger): Promise<void> {
    try {
        const removed = await sandboxes.removeOrphans(new Set(store.data.workspaces.map(workspace => workspace.id)));
        log.info({ orphansRemoved: removed.length }, 'sandboxes adopted');
    } catch (error) {
        log.warn({ err: (error as Error).message }, 'could not list sandboxes at start; the engine may be down (readyz will say so)');
    }
}
