import { defineConfig } from '@playwright/test';

export const PORT = Number(process.env.E2E_PORT ?? 18731);
export const BASE_URL = `http://127.0.0.1:${PORT}`;
/**
 * Workspaces are `<id>.ide.localhost` (Chromium's loopback): like `<id>.ide.example.com`, one site for the browser,
 * whose caches are per site, so the IDE's bundle loaded for one workspace serves the next.
 */
export const WORKSPACE_DOMAIN = 'ide.localhost';
export const ADMIN_PASSWORD = 'e2e-admin-password';
/** The label namespace of the run's sandboxes, so runs from several checkouts can share one Docker engine. */
/** Where the running gateway's profiles file is (see webServer below), from e2e/. */
export const PROFILES_FILE = '../.tmp/e2e-profiles.yaml';
export const INSTANCE = process.env.E2E_INSTANCE ?? 'e2e';
/** The fake Messages API the gateway's model proxy uses in the e2e run (scripts: e2e/fake-model-scripts.json). */
export const FAKE_MODEL_PORT = Number(process.env.E2E_FAKE_MODEL_PORT ?? 18732);
/** A real Git server (git http-backend) the gateway may clone from (test-support/src/git-http-server-main.ts). */
export const GIT_PORT = Number(process.env.E2E_GIT_PORT ?? 18734);
export const GIT_URL = `http://127.0.0.1:${GIT_PORT}`;
/** The one account of its private repository. */
export const GIT_USER = { username: 'gia', token: 'gia-git-token' };
/** The test OpenID provider (backend/test/oidc-provider.ts) the gateway offers single sign-on with; its accounts: e2e/oidc-accounts.json. */
export const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 18733);
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
export const OIDC_NAME = 'Test Provider';
const OIDC_CLIENT = { id: 'e2e-gateway', secret: 'e2e-oidc-client-secret' };

/** Real gateway, real sandboxes on the Docker engine, real Theia, Debian's Chromium. */
export default defineConfig({
    testDir: './tests',
    timeout: 180_000,
    expect: { timeout: 30_000 },
    workers: 1,
    retries: 0,
    outputDir: '../.tmp/e2e-results',
    globalTeardown: './global-teardown.ts',
    use: {
        baseURL: BASE_URL,
        viewport: { width: 1400, height: 900 },
        screenshot: 'only-on-failure',
        trace: 'retain-on-failure',
        launchOptions: {
            executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
            args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
        }
    },
    webServer: [{
        // First, so the gateway's discovery finds it; password sign-in stays on for the other specs.
        command: `node backend/dist/test/oidc-provider-server.js --port ${OIDC_PORT} --gateway ${BASE_URL} --client-id ${OIDC_CLIENT.id} --client-secret ${OIDC_CLIENT.secret} --accounts e2e/oidc-accounts.json`,
        url: `${OIDC_ISSUER}/.well-known/openid-configuration`,
        timeout: 30_000,
        reuseExistingServer: false,
        stdout: 'ignore',
        stderr: 'pipe',
        cwd: '..'
    }, {
        // The profiles are a copy: specs add the profiles they need through the admin API, which writes the file.
        command: 'rm -rf .tmp/e2e-data && mkdir -p .tmp && cp configs/profiles.yaml .tmp/e2e-profiles.yaml && node backend/dist/src/main.js',
        url: `${BASE_URL}/readyz`,
        timeout: 60_000,
        reuseExistingServer: false,
        stdout: 'ignore',
        stderr: 'pipe',
        env: {
            IDE_PORT: String(PORT),
            IDE_HOST: '127.0.0.1',
            IDE_DATA_DIR: '.tmp/e2e-data',
            IDE_PROFILES: '.tmp/e2e-profiles.yaml',
            IDE_INSTANCE: INSTANCE,
            IDE_WORKSPACE_DOMAIN: WORKSPACE_DOMAIN,
            IDE_ADMIN_PASSWORD: ADMIN_PASSWORD,
            IDE_LOG_LEVEL: 'warn',
            // AI tasks: the gateway's model proxy talks to the fake Messages API below
            IDE_ANTHROPIC_API_KEY: 'e2e-fake-key',
            IDE_ANTHROPIC_BASE_URL: `http://127.0.0.1:${FAKE_MODEL_PORT}`,
            IDE_GIT_HOSTS: `127.0.0.1:${GIT_PORT}`,
            IDE_OIDC_ISSUER: OIDC_ISSUER,
            IDE_OIDC_CLIENT_ID: OIDC_CLIENT.id,
            IDE_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
            IDE_OIDC_NAME: OIDC_NAME,
            IDE_OIDC_SCOPES: 'openid profile email groups',
            IDE_OIDC_ADMIN_GROUP: 'ide-admins'
        },
        cwd: '..'
    }, {
        command: `node test-support/lib/fake-messages-api-server.js --port ${FAKE_MODEL_PORT} --scripts e2e/fake-model-scripts.json --api-key e2e-fake-key`,
        port: FAKE_MODEL_PORT,
        timeout: 30_000,
        reuseExistingServer: false,
        stdout: 'ignore',
        stderr: 'pipe',
        cwd: '..'
    }, {
        command: `node test-support/lib/git-http-server-main.js --port ${GIT_PORT} --root .tmp/e2e-git --user ${GIT_USER.username}:${GIT_USER.token}`,
        port: GIT_PORT,
        timeout: 30_000,
        reuseExistingServer: false,
        stdout: 'ignore',
        stderr: 'pipe',
        cwd: '..'
    }]
});
