import { mkdtemp } from 'node:fs/promises';
import { Agent, fetch as undiciFetch } from 'undici';
import { WebSocket } from 'ws';
import { WORKSPACE_SESSION_COOKIE } from '../src/auth/session-cookie.js';
import { loopbackLookup } from './loopback-lookup.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseProfiles, ProfileCatalog } from '../src/config/profiles.js';
import { readServerConfig, ServerConfig } from '../src/config/server-config.js';
import { Gateway, GatewayOverrides, startGateway } from '../src/gateway.js';
import { createLogger } from '../src/log.js';

export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const REPO_ROOT = new URL('../../../', import.meta.url).pathname;

export const testProfiles = (image = 'ide-sandbox-base:latest'): ProfileCatalog =>
    parseProfiles({ profiles: { default: { image, cpus: 1, memory: '1g', pids: 256 } } });

export async function tempDir(prefix: string): Promise<string> {
    return mkdtemp(join(tmpdir(), `ide-test-${prefix}-`));
}

export async function testConfig(env: Record<string, string> = {}): Promise<ServerConfig> {
    return readServerConfig({
        IDE_PORT: '0',
        IDE_HOST: '127.0.0.1',
        IDE_DATA_DIR: await tempDir('data'),
        IDE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        IDE_INSTANCE: `t${process.pid}`,
        IDE_RUNTIME_DIR: join(REPO_ROOT, 'build/ide-runtime'),
        ...env
    }, REPO_ROOT);
}

export async function startTestGateway(config: ServerConfig, overrides: GatewayOverrides = {}): Promise<Gateway> {
    return startGateway(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), { profiles: testProfiles(), ...overrides });
}

/** A minimal cookie-keeping HTTP client for the gateway's API. */
export class Client {
    cookie = '';

    /** `fetchImpl`: Node's own fetch by default; the bench's load figure passes undici's (see load-figures.ts). */
    constructor(readonly baseUrl: string, private readonly fetchImpl: typeof fetch = fetch) { }

    async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
        const response = await this.fetchImpl(this.baseUrl + path, {
            method,
            redirect: 'manual',
            headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
            body: body === undefined ? undefined : JSON.stringify(body)
        });
        const session = response.headers.getSetCookie().find(cookie => cookie.startsWith('ide_session='));
        if (session) {
            this.cookie = session.split(';')[0];
        }
        return response;
    }

    /** Posts fields as a browser's HTML form does (urlencoded, asking for a page). */
    async form(path: string, fields: Record<string, string>, method = 'POST'): Promise<Response> {
        return this.fetchImpl(this.baseUrl + path, {
            method,
            redirect: 'manual',
            headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...(this.cookie ? { cookie: this.cookie } : {}) },
            body: new URLSearchParams(fields).toString()
        });
    }

    async login(username: string, password: string): Promise<Response> {
        return this.request('POST', '/login', { username, password });
    }

    async json<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
        const response = await this.request(method, path, body);
        return { status: response.status, body: await response.json() as T };
    }
}

export async function userAdmin(gateway: Gateway): Promise<Client> {
    const admin = new Client(gateway.url);
    await admin.login('admin', ADMIN_PASSWORD);
    return admin;
}

/** Signs in as the admin, creates a second user, and returns a client signed in as that user. */
export async function userClient(gateway: Gateway, username: string, password = `${username}-password-123`): Promise<Client> {
    const admin = new Client(gateway.url);
    await admin.login('admin', ADMIN_PASSWORD);
    const created = await admin.request('POST', '/api/admin/users', { username, password });
    if (created.status !== 201) {
        throw new Error(`could not create ${username}: ${created.status} ${await created.text()}`);
    }
    const client = new Client(gateway.url);
    await client.login(username, password);
    return client;
}

const loopbackAgent = new Agent({ connect: { lookup: loopbackLookup } });

/**
 * A browser's view of one workspace's IDE: it follows the dashboard's link, trades the ticket on
 * the workspace's own origin for that origin's cookie, and then talks to that origin only.
 */
export class IdeClient {
    cookie = '';

    private constructor(readonly origin: string) { }

    /** Opens the workspace (or a port's preview, `/port/<n>/…`) as a browser would; rejects with the status when the gateway refuses. */
    static async enter(user: Client, workspaceId: string, innerPath = '/'): Promise<IdeClient> {
        return IdeClient.follow(await user.request('GET', `/w/${workspaceId}${innerPath}`, undefined, { accept: 'text/html' }), user.baseUrl);
    }

    /** Follows a launcher's redirect (from the gateway's origin, or from a workspace's to a port preview's) through the ticket exchange. */
    static async follow(launch: Response, from: string): Promise<IdeClient> {
        const location = launch.headers.get('location');
        if (launch.status !== 303 || !location) {
            throw new Error(`status ${launch.status}: ${await launch.text()}`);
        }
        const target = new URL(location, from);
        const ide = new IdeClient(target.origin);
        const exchange = await ide.request('GET', target.pathname + target.search, undefined, { accept: 'text/html' });
        if (exchange.status !== 303) {
            throw new Error(`ticket exchange: status ${exchange.status}: ${await exchange.text()}`);
        }
        return ide;
    }

    /** An IdeClient for `origin` that holds no session (yet). */
    static at(origin: string): IdeClient {
        return new IdeClient(origin);
    }

    async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
        const response = await undiciFetch(this.origin + path, {
            method,
            redirect: 'manual',
            dispatcher: loopbackAgent,
            headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
            body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
        });
        const session = response.headers.getSetCookie().find(cookie => cookie.startsWith(`${WORKSPACE_SESSION_COOKIE}=`));
        if (session) {
            this.cookie = session.split(';')[0];
        }
        return response as unknown as Response;
    }

    /** Opens a WebSocket to `path` on this origin, with this origin as Origin unless told otherwise. */
    webSocket(path: string, origin: string | null = this.origin): Promise<WebSocket> {
        return new Promise((resolve, reject) => {
            const socket = new WebSocket(`${this.origin.replace(/^http/, 'ws')}${path}`, {
                headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(origin ? { origin } : {}) },
                lookup: loopbackLookup
            });
            socket.once('open', () => resolve(socket));
            socket.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
            socket.once('error', reject);
        });
    }
}
