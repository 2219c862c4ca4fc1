import { resolve } from 'node:path';
import { z } from 'zod';
import { usernameSchema } from '../auth/username.js';
import type { WorkspaceLimits } from '../workspaces/workspace-service.js';
import { emptyAsUnset, flag } from './env-values.js';
import { oidcConfigProblems, oidcEnvFields, readSignInConfig, SignInConfig } from './oidc-config.js';

/** Every setting, its environment variable and default. The README's configuration table mirrors this. */
const envSchema = z.object({
    IDE_HOST: z.string().default('0.0.0.0'),
    IDE_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    IDE_DATA_DIR: z.string().default('.data'),
    IDE_RUNTIME_DIR: z.string().default('build/ide-runtime'),
    IDE_PROFILES: z.string().default('configs/profiles.yaml'),
    IDE_INSTANCE: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'lowercase letters, digits and dashes').default('default'),
    IDE_DOCKER_SOCKET: z.string().default('/var/run/docker.sock'),
    IDE_ADMIN_USER: usernameSchema.default('admin'),
    IDE_ADMIN_PASSWORD: z.string().min(12, 'IDE_ADMIN_PASSWORD must have at least 12 characters').optional(),
    IDE_SESSION_HOURS: z.coerce.number().positive().max(24 * 90).default(12),
    IDE_LOGIN_ATTEMPTS_PER_15MIN: z.coerce.number().int().positive().default(10),
    IDE_LOGIN_ATTEMPTS_PER_ADDRESS_PER_15MIN: z.coerce.number().int().positive().default(100),
    IDE_TRUST_PROXY: flag.default(false),
    IDE_PUBLIC_URL: z.preprocess(emptyAsUnset, z.url({ protocol: /^https?$/, error: 'IDE_PUBLIC_URL must be an http(s) URL such as https://ide.example.com' }).optional()),
    IDE_WORKSPACE_ORIGINS: z.enum(['subdomain', 'path'], 'IDE_WORKSPACE_ORIGINS is "subdomain" (each workspace on its own origin) or "path" (unsafe for untrusted code)').default('subdomain'),
    IDE_WORKSPACE_DOMAIN: z.string().toLowerCase()
        .regex(/^(?=.{1,200}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, 'IDE_WORKSPACE_DOMAIN must be a domain name, e.g. ide-ws.example.com (workspaces get <id>.<domain>)')
        .default('localhost'),
    IDE_TLS_CERT: z.string().optional(),
    IDE_TLS_KEY: z.string().optional(),
    IDE_SANDBOX_READY_TIMEOUT_S: z.coerce.number().positive().default(90),
    IDE_MCP_ALLOWED_ORIGINS: z.string().default(''),
    IDE_MCP_IDLE_MINUTES: z.coerce.number().positive().default(30),
    IDE_ANTHROPIC_API_KEY: z.preprocess(emptyAsUnset, z.string().optional()),
    IDE_ANTHROPIC_BASE_URL: z.url({ protocol: /^https?$/, error: 'IDE_ANTHROPIC_BASE_URL must be an http(s) URL' }).default('https://api.anthropic.com'),
    IDE_LLM_PRICES: z.string().default('configs/llm-prices.yaml'),
    IDE_LLM_USER_MONTHLY_BUDGET_USD: z.coerce.number().nonnegative().default(50),
    IDE_LLM_MAX_TASK_BUDGET_USD: z.coerce.number().positive().default(5),
    IDE_IDLE_CHECK_SECONDS: z.coerce.number().positive().max(3600).default(60),
    IDE_MAX_WORKSPACES_PER_USER: z.coerce.number().int().min(0).max(1000).default(20),
    IDE_MAX_RUNNING_SANDBOXES_PER_USER: z.coerce.number().int().min(0).max(1000).default(3),
    IDE_METRICS_TOKEN: z.preprocess(emptyAsUnset, z.string().min(16, 'IDE_METRICS_TOKEN must have at least 16 characters').optional()),
    IDE_GIT_HOSTS: z.string().default(''),
    IDE_GIT_MAX_CLONE_MB: z.coerce.number().int().positive().max(1024 * 1024).default(2048),
    IDE_GIT_CLONE_TIMEOUT_S: z.coerce.number().int().positive().max(24 * 3600).default(900),
    IDE_SECRETS_KEY: z.preprocess(emptyAsUnset, z.base64('IDE_SECRETS_KEY must be 32 bytes in base64 (openssl rand -base64 32)')
        .refine(key => Buffer.from(key, 'base64').length === 32, 'IDE_SECRETS_KEY must be 32 bytes in base64 (openssl rand -base64 32)').optional()),
    ...oidcEnvFields
}).refine(env => Boolean(env.IDE_TLS_CERT) === Boolean(env.IDE_TLS_KEY), {
    message: 'IDE_TLS_CERT and IDE_TLS_KEY must be set together'
}).superRefine((env, ctx) => {
    oidcConfigProblems(env).forEach(message => ctx.addIssue({ code: 'custom', message }));
});

export interface ServerConfig {
    host: string;
    port: number;
    dataDir: string;
    runtimeDir: string;
    profilesPath: string;
    instance: string;
    dockerSocket: string;
    adminUser: string;
    adminPassword?: string;
    /** The longest a gateway session lives, whatever signed it in (an identity provider's token lifetimes do not extend it). */
    sessionTtlMs: number;
    /** Password sign-in on or off, and single sign-on (OpenID Connect). */
    signIn: SignInConfig;
    /** Failed sign-ins per client address and account. */
    loginAttemptsPer15Min: number;
    /** Failed sign-ins per client address, whatever the account; much more, for many people behind one NAT. */
    loginAttemptsPerAddressPer15Min: number;
    trustProxy: boolean;
    /** Where each workspace's IDE is served: its own origin `<id>.<domain>`, or (unsafe) a path of the gateway's. */
    workspaceOrigins: { mode: 'subdomain' | 'path'; domain: string; publicUrl?: URL };
    tls?: { certPath: string; keyPath: string };
    sandboxReadyTimeoutMs: number;
    /** Browser origins besides the gateway's own that may call /mcp. */
    mcpAllowedOrigins: string[];
    mcpIdleSessionMs: number;
    limits: WorkspaceLimits;
    /** How often running sandboxes are checked for their profile's idle timeout and max lifetime. */
    idleCheckMs: number;
    /** Bearer token for /metrics; without it only local clients may scrape. */
    metricsToken?: string;
    git: {
        /** Hosts (`host` or `host:port`) workspaces may be cloned from; empty: any host whose addresses are public. */
        allowedHosts: string[];
        maxCloneBytes: number;
        cloneTimeoutMs: number;
    };
    /** Encrypts secrets at rest (users' Git tokens); without it a key is generated in the data directory. */
    secretsKey?: Buffer;
    llm: {
        apiKey?: string;
        upstreamUrl: string;
        pricesPath: string;
        userMonthlyBudgetUsd: number;
        maxTaskBudgetUsd: number;
    };
}

export class ConfigError extends Error { }

export function readServerConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerConfig {
    const result = envSchema.safeParse(env);
    if (!result.success) {
        const problems = result.error.issues.map(issue => `  - ${issue.path.join('.') || 'config'}: ${issue.message}`);
        throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
    }
    const e = result.data;
    return {
        host: e.IDE_HOST,
        port: e.IDE_PORT,
        dataDir: resolve(cwd, e.IDE_DATA_DIR),
        runtimeDir: resolve(cwd, e.IDE_RUNTIME_DIR),
        profilesPath: resolve(cwd, e.IDE_PROFILES),
        instance: e.IDE_INSTANCE,
        dockerSocket: e.IDE_DOCKER_SOCKET,
        adminUser: e.IDE_ADMIN_USER,
        adminPassword: e.IDE_ADMIN_PASSWORD,
        sessionTtlMs: e.IDE_SESSION_HOURS * 3600_000,
        signIn: readSignInConfig(e),
        loginAttemptsPer15Min: e.IDE_LOGIN_ATTEMPTS_PER_15MIN,
        loginAttemptsPerAddressPer15Min: e.IDE_LOGIN_ATTEMPTS_PER_ADDRESS_PER_15MIN,
        trustProxy: e.IDE_TRUST_PROXY,
        workspaceOrigins: { mode: e.IDE_WORKSPACE_ORIGINS, domain: e.IDE_WORKSPACE_DOMAIN, publicUrl: e.IDE_PUBLIC_URL ? new URL(e.IDE_PUBLIC_URL) : undefined },
        tls: e.IDE_TLS_CERT && e.IDE_TLS_KEY ? { certPath: resolve(cwd, e.IDE_TLS_CERT), keyPath: resolve(cwd, e.IDE_TLS_KEY) } : undefined,
        sandboxReadyTimeoutMs: e.IDE_SANDBOX_READY_TIMEOUT_S * 1000,
        mcpAllowedOrigins: e.IDE_MCP_ALLOWED_ORIGINS.split(',').map(origin => origin.trim()).filter(Boolean),
        mcpIdleSessionMs: e.IDE_MCP_IDLE_MINUTES * 60_000,
        idleCheckMs: e.IDE_IDLE_CHECK_SECONDS * 1000,
        limits: { maxWorkspacesPerUser: e.IDE_MAX_WORKSPACES_PER_USER, maxRunningSandboxesPerUser: e.IDE_MAX_RUNNING_SANDBOXES_PER_USER },
        metricsToken: e.IDE_METRICS_TOKEN,
        git: {
            allowedHosts: e.IDE_GIT_HOSTS.split(',').map(host => host.trim().toLowerCase()).filter(Boolean),
            maxCloneBytes: e.IDE_GIT_MAX_CLONE_MB * 1024 * 1024,
            cloneTimeoutMs: e.IDE_GIT_CLONE_TIMEOUT_S * 1000
        },
        secretsKey: e.IDE_SECRETS_KEY ? Buffer.from(e.IDE_SECRETS_KEY, 'base64') : undefined,
        llm: {
            apiKey: e.IDE_ANTHROPIC_API_KEY,
            upstreamUrl: e.IDE_ANTHROPIC_BASE_URL,
            pricesPath: resolve(cwd, e.IDE_LLM_PRICES),
            userMonthlyBudgetUsd: e.IDE_LLM_USER_MONTHLY_BUDGET_USD,
            maxTaskBudgetUsd: e.IDE_LLM_MAX_TASK_BUDGET_USD
        }
    };
}
