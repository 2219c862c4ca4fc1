/**
 * npm run bench: figures for the walking product, printed to stdout. Medians over a few runs;
 * the machine is shared, so read ratios (cold vs warm) rather than absolute numbers.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { chromium, Page } from 'playwright-core';
import { parseProfiles } from '../src/config/profiles.js';
import { sandboxContainerSpec } from '../src/sandbox/container-spec.js';
import { Client, REPO_ROOT, tempDir } from '../test/helpers.js';
import { connectAgent } from '../test/mcp-agent.js';
import { capacityFigure, concurrentSessionsFigure } from './load-figures.js';
import { ideFigures } from './ide-figures.js';
import { assetFigures } from './asset-figures.js';
import { peerFigures } from './peer-figures.js';
import { enterWorkspace, proxyFigures } from './proxy-figures.js';
import { portPreviewFigures } from './port-preview-figures.js';
import { gitCloneFigures, startBenchGitServer } from './git-clone-figures.js';
import { gateSuiteFigure, memorySearchFigures, secretScanFigure } from './project-figures.js';
import { median, mib, ms, percentile, report } from './report.js';
import { createWorkspace, openWorkspace } from './workspaces.js';
import Anthropic from '@anthropic-ai/sdk';
import { FakeMessagesApi } from '@ide/test-support';
import { FIRST_STEP_SCRIPT, FIRST_STEP_SCRIPT_NAME, timeTaskToFirstStep } from '@ide/ai-tasks/lib/node/first-step-bench.js';
import { Agent, fetch as undiciFetch } from 'undici';

const run = promisify(execFile);
/** BENCH_INSTANCE: the label namespace of the bench's sandboxes, so benches from several checkouts can share one engine. */
const INSTANCE = process.env.BENCH_INSTANCE ?? 'bench';
const PASSWORD = 'bench-admin-password';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SHELL_READY = '#theia-app-shell';
const MODEL_KEY = 'bench-model-key';
/** BENCH_ONLY=ide: only the IDE figures (open to coloured tokens and a diagnostic, plugin host, bytes, memory). */
const ONLY_IDE = process.env.BENCH_ONLY === 'ide';
/** BENCH_ONLY=peers: only the side-by-side figures against code-server. */
const ONLY_PEERS = process.env.BENCH_ONLY === 'peers';
/** BENCH_ONLY=mcp: only the agents' figures (MCP tool calls into one sandbox) and memory search. */
const ONLY_MCP = process.env.BENCH_ONLY === 'mcp';
/** Workspaces on `<id>.ide.localhost` are one site for the browser, as `<id>.ide.example.com` are. */
const WORKSPACE_DOMAIN = 'ide.localhost';



/** One profile that must create a container on open, one with a warm pool of one. */
async function benchProfiles(): Promise<string> {
    const path = join(await tempDir('bench-profiles'), 'profiles.yaml');
    const profile = { image: 'ide-sandbox-base:latest', cpus: 1, memory: '2g', pids: 512 };
    await writeFile(path, JSON.stringify({ defaultProfile: 'cold', profiles: { cold: profile, pooled: { ...profile, warmPool: 1 } } }));
    return path;
}

async function waitForWarmSandbox(api: Client): Promise<void> {
    for (let i = 0; i < 240; i++) {
        const { body } = await api.json<{ sandboxes: { workspaceName: string; state: string }[] }>('GET', '/api/admin/sandboxes');
        if (body.sandboxes.some(sandbox => sandbox.workspaceName === '(warm pool)' && sandbox.state === 'running')) {
            return;
        }
        await new Promise(resolve => setTimeout(resolve, 500));
    }
    throw new Error('the warm pool did not fill');
}

async function startGateway(port: number, dataDir: string, modelApiUrl: string, gitHost: string): Promise<ChildProcess> {
    const gateway = spawn(process.execPath, [join(REPO_ROOT, 'backend/dist/src/main.js')], {
        cwd: REPO_ROOT,
        env: {
            ...process.env, IDE_PORT: String(port), IDE_HOST: '127.0.0.1', IDE_DATA_DIR: dataDir, IDE_INSTANCE: INSTANCE, IDE_ADMIN_PASSWORD: PASSWORD, IDE_LOG_LEVEL: 'warn',
            IDE_PROFILES: await benchProfiles(), IDE_MAX_RUNNING_SANDBOXES_PER_USER: '40', IDE_MAX_WORKSPACES_PER_USER: '100', IDE_WORKSPACE_DOMAIN: WORKSPACE_DOMAIN,
            IDE_ANTHROPIC_API_KEY: MODEL_KEY, IDE_ANTHROPIC_BASE_URL: modelApiUrl, IDE_LLM_USER_MONTHLY_BUDGET_USD: '1000', IDE_GIT_HOSTS: gitHost
        },
        stdio: ['ignore', 'ignore', 'inherit']
    });
    for (let i = 0; i < 100; i++) {
        if (await fetch(`http://127.0.0.1:${port}/healthz`).then(r => r.ok, () => false)) {
            return gateway;
        }
        await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error('gateway did not start');
}

async function containerCreateStart(docker: Docker): Promise<number[]> {
    const profile = parseProfiles({ profiles: { default: { image: 'ide-sandbox-base:latest' } } }).profiles.get('default')!;
    const runRoot = await tempDir('bench-run');
    const times: number[] = [];
    for (let i = 0; i < RUNS + 2; i++) {
        const request = { id: `bench${String(i).padStart(7, '0')}`, ownerId: 'bench', profile, link: { kind: 'unix-socket-directory' as const, hostDir: runRoot } };
        const spec = sandboxContainerSpec(request, { instance: `${INSTANCE}raw`, runtimeDir: join(REPO_ROOT, 'build/ide-runtime') });
        spec.Entrypoint = ['sleep'];
        spec.Cmd = ['30'];
        spec.HostConfig!.Mounts = [];
        const began = performance.now();
        const container = await docker.createContainer(spec);
        await container.start();
        times.push(performance.now() - began);
        await container.remove({ force: true });
    }
    return times;
}

async function shellReady(page: Page, url: string): Promise<number> {
    const began = performance.now();
    await page.goto(url);
    await page.waitForSelector(SHELL_READY, { timeout: 120_000 });
    await page.waitForSelector('.theia-preload', { state: 'detached', timeout: 120_000 }).catch(() => undefined);
    return performance.now() - began;
}

async function main(): Promise<void> {
    const port = 18900 + (process.pid % 90);
    const base = `http://127.0.0.1:${port}`;
    const docker = new Docker();
    const dataDir = await tempDir('bench');
    const modelApi = new FakeMessagesApi(MODEL_KEY);
    modelApi.script('bench', [{ content: [{ type: 'text', text: 'ok' }] }]);
    modelApi.script(FIRST_STEP_SCRIPT_NAME, FIRST_STEP_SCRIPT);
    const git = await startBenchGitServer();
    const gateway = await startGateway(port, dataDir, await modelApi.start(), new URL(git.url).host);
    const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
    });
    const api = new Client(base);
    const workspaceIds: string[] = [];
    /** Apart from workspaceIds, whose sandboxes later figures measure: the peer figures delete theirs as they go. */
    const peerWorkspaceIds: string[] = [];
    try {
        await api.login('admin', PASSWORD);
        console.log(`bench: ${RUNS} runs each, medians; machine: ${(await readFile('/proc/cpuinfo', 'utf8')).match(/^processor/gm)?.length} cores\n`);

        const ideBench = { browser, base, api, instance: INSTANCE, password: PASSWORD, runs: RUNS, made: (id: string) => workspaceIds.push(id), waitForWarmSandbox: () => waitForWarmSandbox(api) };
        const peerBench = { ...ideBench, workspaceDomain: WORKSPACE_DOMAIN, made: (id: string) => peerWorkspaceIds.push(id) };
        if (ONLY_PEERS) {
            await peerFigures(peerBench);
            return;
        }
        if (ONLY_MCP) {
            const id = await createWorkspace(api, { name: 'bench-mcp', profile: 'cold' });
            workspaceIds.push(id);
            await openWorkspace(api, id);
            await mcpFigures(base, api, id);
            memorySearchFigures();
            return;
        }
        if (ONLY_IDE) {
            await ideFigures(ideBench);
            await assetFigures(ideBench);
            return;
        }
        const createStart = await containerCreateStart(docker);
        report('container create+start', ms(median(createStart.slice(2))), `(hardened spec, ${RUNS} runs after 2 warm-ups)`);

        /** Sign-in, create a workspace, open it: until the Theia shell is ready; then a reload. */
        const openNew = async (name: string, profile: string): Promise<{ open: number; reopen: number }> => {
            const context = await browser.newContext();
            const page = await context.newPage();
            const began = performance.now();
            await page.goto(`${base}/login`);
            await page.fill('input[name=username]', 'admin');
            await page.fill('input[name=password]', PASSWORD);
            await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
            const id = (await page.request.post(`${base}/api/workspaces`, { data: { name, profile }, headers: { origin: base } }).then(response => response.json())).id;
            workspaceIds.push(id);
            await shellReady(page, `${base}/w/${id}/`);
            const open = performance.now() - began;
            const reopen = await shellReady(page, page.url());
            await context.close();
            return { open, reopen };
        };
        const cold: number[] = [];
        const pooled: number[] = [];
        const reopened: number[] = [];
        for (let i = 0; i < RUNS; i++) {
            const coldRun = await openNew(`bench-cold-${i}`, 'cold');
            cold.push(coldRun.open);
            reopened.push(coldRun.reopen);
            await waitForWarmSandbox(api);
            pooled.push((await openNew(`bench-pooled-${i}`, 'pooled')).open);
        }
        const openApi = async (name: string, profile: string): Promise<number> => {
            const id = await createWorkspace(api, { name, profile });
            workspaceIds.push(id);
            const began = performance.now();
            await openWorkspace(api, id);
            return performance.now() - began;
        };
        const coldApi: number[] = [];
        const pooledApi: number[] = [];
        for (let i = 0; i < RUNS; i++) {
            coldApi.push(await openApi(`bench-api-cold-${i}`, 'cold'));
            await waitForWarmSandbox(api);
            pooledApi.push(await openApi(`bench-api-pooled-${i}`, 'pooled'));
        }
        report('open → IDE answering, cold', ms(median(coldApi)), `(create + start the container, Theia backend start: ${coldApi.map(ms).join(', ')})`);
        report('open → IDE answering, warm pool', ms(median(pooledApi)), `(${pooledApi.map(ms).join(', ')}; cold / pool ${(median(coldApi) / median(pooledApi)).toFixed(0)}×)`);
        report('cold open (sign-in → shell ready)', ms(median(cold)), `(new container each: ${cold.map(ms).join(', ')})`);
        report('warm-pool hit (sign-in → shell ready)', ms(median(pooled)), `(a started sandbox taken over: ${pooled.map(ms).join(', ')}; cold / pool ${(median(cold) / median(pooled)).toFixed(1)}×)`);
        report('reopen (reload → shell ready)', ms(median(reopened)), `(${reopened.map(ms).join(', ')}; cold / reopen ${(median(cold) / median(reopened)).toFixed(1)}×)`);

        await ideFigures(ideBench);
        await assetFigures(ideBench);
        await peerFigures(peerBench);

        const status = await readFile(`/proc/${gateway.pid}/status`, 'utf8');
        report('gateway memory (RSS)', mib(Number(status.match(/VmRSS:\s+(\d+)/)![1]) * 1024), `(after ${RUNS} sandboxes opened)`);

        await gitCloneFigures(api, git.url, 'cold', RUNS, id => workspaceIds.push(id));
        await proxyFigures(await enterWorkspace(base, api.cookie, workspaceIds[0]));
        await portPreviewFigures(base, api.cookie, workspaceIds[0], `ide-${INSTANCE}-${workspaceIds[0]}`);
        await concurrentSessionsFigure(base, 'admin', PASSWORD, workspaceIds[0], gateway.pid!);
        await mcpFigures(base, api, workspaceIds[0]);
        await modelProxyFigures(modelApi.url, join(dataDir, 'run', workspaceIds[0], 'gateway.sock'));
        memorySearchFigures();
        await secretScanFigure();

        await new Promise(resolve => setTimeout(resolve, 10_000));
        const { stdout } = await run('docker', ['stats', '--no-stream', '--format', '{{.MemUsage}}', ...workspaceIds.map(id => `ide-${INSTANCE}-${id}`)]);
        const usages = stdout.trim().split('\n').map(line => parseMemory(line.split('/')[0].trim()));
        report('memory per idle sandbox', mib(median(usages)), `(Theia backend + relay, 10 s idle after the browser left; ${usages.map(mib).join(', ')})`);
        await capacityFigure(median(usages));
    } finally {
        await git.server.close();
        await modelApi.close();
        await browser.close();
        for (const id of [...workspaceIds, ...peerWorkspaceIds]) {
            await api.request('DELETE', `/api/workspaces/${id}`).catch(() => undefined);
        }
        gateway.kill('SIGTERM');
        await once(gateway, 'exit');
    }
}


/** What the gateway's model proxy adds to a model request, against a local fake Messages API. */
async function modelProxyFigures(modelApiUrl: string, gatewaySocket: string): Promise<void> {
    const dispatcher = new Agent({ connect: { socketPath: gatewaySocket } });
    const direct = new Anthropic({ apiKey: MODEL_KEY, baseURL: modelApiUrl });
    const proxied = new Anthropic({
        apiKey: 'sandbox-has-no-key',
        baseURL: 'http://gateway',
        fetch: ((url: string, init?: Parameters<typeof undiciFetch>[1]) => undiciFetch(url, { ...init, dispatcher })) as unknown as typeof fetch
    });
    const timeRequests = async (client: Anthropic): Promise<number[]> => {
        const times: number[] = [];
        for (let i = 0; i < 100; i++) {
            const began = performance.now();
            await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'script:bench' }] });
            times.push(performance.now() - began);
        }
        return times.slice(10);
    };
    const directTimes = await timeRequests(direct);
    const proxiedTimes = await timeRequests(proxied);
    report('model request, direct p50', `${median(directTimes).toFixed(1)} ms`, '(SDK → fake Messages API, 90 requests after 10 warm-ups)');
    report('model request via gateway p50', `${median(proxiedTimes).toFixed(1)} ms`, `(SDK in-sandbox path: unix socket → gateway → fake; overhead ${(median(proxiedTimes) - median(directTimes)).toFixed(1)} ms)`);
    const firstSteps: number[] = [];
    for (let i = 0; i < 5; i++) {
        firstSteps.push(await timeTaskToFirstStep({ endpoint: { socketPath: gatewaySocket }, model: 'claude-haiku-4-5' }));
    }
    report('AI task start → first streamed step', ms(median(firstSteps)), `(scratch copy, first model request through the gateway, first event; ${firstSteps.map(ms).join(', ')})`);
}

/** Agent traffic through the gateway into the sandbox's tool executor. */
async function mcpFigures(base: string, api: Client, workspaceId: string): Promise<void> {
    const token = (await api.json<{ secret: string }>('POST', '/api/tokens', { name: 'bench', workspaceId })).body.secret;
    const url = `${base}/mcp/${workspaceId}`;
    const agent = await connectAgent(url, token);
    const timed = async (name: string, args: Record<string, unknown>): Promise<number> => {
        const began = performance.now();
        const result = await agent.callTool({ name, arguments: args });
        if (result.isError) {
            throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
        }
        return performance.now() - began;
    };
    // The baseline of every MCP figure: a request that the gateway answers itself, over the same loopback.
    const loopback = async (): Promise<number> => {
        const began = performance.now();
        await (await fetch(`${base}/healthz`)).arrayBuffer();
        return performance.now() - began;
    };
    const trueTimes: number[] = [];
    const loopbackTimes: number[] = [];
    for (let i = 0; i < 100; i++) {
        trueTimes.push(await timed('run_command', { command: 'true' }));
        loopbackTimes.push(await loopback());
    }
    const loopbackP50 = percentile(loopbackTimes, 0.5);
    report('MCP run_command("true") p50 / p99', `${ms(percentile(trueTimes, 0.5))} / ${ms(percentile(trueTimes, 0.99))}`,
        `(100 calls, gateway → sandbox → bash; ${(percentile(trueTimes, 0.5) / loopbackP50).toFixed(1)}× a direct loopback request, ${loopbackP50.toFixed(2)} ms)`);
    await timed('write_file', { path: 'bench-1mb.txt', content: 'x'.repeat(1024 * 1024) });
    const readTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
        readTimes.push(await timed('read_text_file', { path: 'bench-1mb.txt' }));
    }
    report('MCP read_text_file 1 MB', ms(median(readTimes)), '(median of 20)');
    await gateSuiteFigure(agent);
    await agent.close();

    const clients = await Promise.all(Array.from({ length: 20 }, () => connectAgent(url, token)));
    let errors = 0;
    const throughput = async (call: (client: number) => Promise<unknown>): Promise<number> => {
        const began = performance.now();
        await Promise.all(clients.map(async (_, client) => {
            for (let i = 0; i < 100; i++) {
                await call(client);
            }
        }));
        return 2000 / ((performance.now() - began) / 1000);
    };
    const calls = await throughput(async client => {
        const result = await clients[client].callTool({ name: 'list_directory', arguments: { path: '.' } }).catch(() => ({ isError: true }));
        errors += result.isError ? 1 : 0;
    });
    const loopbackCalls = await throughput(loopback);
    report('MCP 20 clients × 100 list_directory', `${Math.round(calls)}/s`,
        `(${errors} errors; 20 × 100 direct loopback requests: ${Math.round(loopbackCalls)}/s, ${(calls / loopbackCalls).toFixed(2)}×)`);
    await Promise.all(clients.map(client => client.close()));
}

function parseMemory(text: string): number {
    const match = /([\d.]+)\s*([KMG]i?B)/.exec(text);
    const factor: Record<string, number> = { KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, KB: 1e3, MB: 1e6, GB: 1e9 };
    return match ? Number(match[1]) * factor[match[2]] : NaN;
}

main().catch(error => {
    console.error(error);
    process.exit(1);
});
