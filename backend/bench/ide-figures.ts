import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { Client } from '../test/helpers.js';
import { median, mib, ms, report } from './report.js';

const run = promisify(execFile);

/** A TypeScript file with a type error: the figure ends when it is coloured and its diagnostic is drawn. */
const TYPE_ERROR_TS = `interface Point { x: number; y: number }\nconst origin: Point = { x: 0, y: 0 };\nconst label: number = 'origin';\nconsole.log(origin.x, label);\n`;
const FILE = 'bench-types.ts';

export interface IdeBench {
    browser: Browser;
    base: string;
    api: Client;
    instance: string;
    password: string;
    runs: number;
    /** Called with each workspace made, so the caller deletes it. */
    made: (workspaceId: string) => void;
    waitForWarmSandbox: () => Promise<void>;
}

interface OpenToDiagnostic {
    total: number;
    /** From sign-in to the Theia shell shown. */
    shell: number;
    /** From Quick Open's Enter to tokens and squiggle: the language server's start and first check. */
    fileToDiagnostic: number;
    /** Theia's own log line: plugin host deployed and the built-ins started, since the page started. */
    pluginsStartedSincePage?: number;
    pluginsStart?: number;
    downloadedBytes: number;
    requests: number;
}

/**
 * Cold open and warm-pool open to "the editor shows coloured tokens and the first diagnostic": sign-in → new
 * workspace → open (the dashboard's POST) → a .ts file with a type error written in the sandbox → IDE loaded in a
 * fresh browser profile → Quick Open of the file → TextMate tokens and the TypeScript server's squiggle drawn.
 * Also the plugin host's start (from Theia's log), the bytes the browser downloaded on that first load, and the
 * sandbox's memory with the IDE open and after the browser left.
 */
export async function ideFigures(bench: IdeBench): Promise<void> {
    const cold: OpenToDiagnostic[] = [];
    const pooled: OpenToDiagnostic[] = [];
    const openMemory: number[] = [];
    const breakdowns: string[] = [];
    let lastWorkspace = '';
    for (let i = 0; i < bench.runs; i++) {
        const coldRun = await openToDiagnostic(bench, `bench-ide-cold-${i}`, 'cold', async id => {
            openMemory.push(await containerMemory(bench.instance, id));
            breakdowns.push(await processBreakdown(bench.instance, id));
            lastWorkspace = id;
        });
        cold.push(coldRun);
        await bench.waitForWarmSandbox();
        pooled.push(await openToDiagnostic(bench, `bench-ide-pooled-${i}`, 'pooled'));
    }
    const totals = (runs: OpenToDiagnostic[]) => runs.map(result => result.total);
    report('cold open → coloured + diagnostic', ms(median(totals(cold))), `(sign-in → new container → .ts file open, tokens and squiggle drawn: ${totals(cold).map(ms).join(', ')})`);
    report('  of which sign-in → shell ready', ms(median(cold.map(result => result.shell))), `(warm pool: ${ms(median(pooled.map(result => result.shell)))})`);
    report('  of which file open → diagnostic', ms(median(cold.map(result => result.fileToDiagnostic))), `(language server start and first check; warm pool: ${ms(median(pooled.map(result => result.fileToDiagnostic)))})`);
    report('warm-pool open → coloured + diagnostic', ms(median(totals(pooled))), `(${totals(pooled).map(ms).join(', ')}; cold / pool ${(median(totals(cold)) / median(totals(pooled))).toFixed(1)}×)`);
    const starts = [...cold, ...pooled].filter(result => result.pluginsStart !== undefined);
    if (starts.length) {
        report('plugin host: built-ins started', ms(median(starts.map(result => result.pluginsStart!))),
            `(Theia's "Start of N plugins"; ${ms(median(starts.map(result => result.pluginsStartedSincePage!)))} after the page started)`);
    }
    report('first load: bytes downloaded', mib(median(cold.map(result => result.downloadedBytes))),
        `(${median(cold.map(result => result.requests))} requests, as transferred, fresh browser profile)`);
    report('sandbox memory, IDE open with a .ts file', mib(median(openMemory)), `(${openMemory.map(mib).join(', ')}; ${breakdowns[0] ?? ''})`);
    if (lastWorkspace) {
        await new Promise(resolve => setTimeout(resolve, 10_000));
        report('sandbox memory after the browser left', mib(await containerMemory(bench.instance, lastWorkspace)), '(10 s later: the plugin host and language servers are gone with the connection)');
    }
}

async function openToDiagnostic(bench: IdeBench, name: string, profile: string, whileOpen?: (workspaceId: string) => Promise<void>): Promise<OpenToDiagnostic> {
    const context = await bench.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    let downloadedBytes = 0;
    let requests = 0;
    page.on('requestfinished', request => {
        requests++;
        void request.sizes().then(sizes => { downloadedBytes += sizes.responseBodySize + sizes.responseHeadersSize; }, () => undefined);
    });
    const pluginLog = watchPluginStart(page);
    const began = performance.now();
    await page.goto(`${bench.base}/login`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', bench.password);
    await Promise.all([page.waitForURL(`${bench.base}/`), page.click('button[type=submit]')]);
    const id: string = (await page.request.post(`${bench.base}/api/workspaces`, { data: { name, profile }, headers: { origin: bench.base } }).then(response => response.json())).id;
    bench.made(id);
    const opened = await page.request.post(`${bench.base}/api/workspaces/${id}/open`, { headers: { origin: bench.base } });
    if (!opened.ok()) {
        throw new Error(`open ${name}: ${opened.status()} ${await opened.text()}`);
    }
    await run('docker', ['exec', '-u', '1000', `ide-${bench.instance}-${id}`, 'sh', '-c', `printf '%s' "$1" > /workspace/${FILE}`, 'sh', TYPE_ERROR_TS]);
    await page.goto(`${bench.base}/w/${id}/`);
    await page.waitForSelector('#theia-app-shell', { timeout: 120_000 });
    await page.waitForSelector('.theia-preload', { state: 'detached', timeout: 120_000 }).catch(() => undefined);
    const shell = performance.now() - began;
    await page.keyboard.press('Control+p');
    await page.locator('.quick-input-widget input').fill(FILE);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor();
    await page.keyboard.press('Enter');
    const fileOpened = performance.now();
    const editor = page.locator('#theia-main-content-panel .theia-editor:not(.lm-mod-hidden) .monaco-editor').first();
    await editor.locator('.squiggly-error').first().waitFor({ timeout: 120_000 });
    for (let i = 0; i < 200 && await tokenClassCount(page) < 4; i++) {
        await page.waitForTimeout(50);
    }
    const total = performance.now() - began;
    const fileToDiagnostic = performance.now() - fileOpened;
    await whileOpen?.(id);
    await context.close();
    return { total, shell, fileToDiagnostic, ...pluginLog(), downloadedBytes, requests };
}

async function tokenClassCount(page: Page): Promise<number> {
    const classes = await page.locator('.monaco-editor .view-lines span[class*="mtk"]').evaluateAll(spans =>
        spans.flatMap(span => (span.className as string).split(' ').filter((name: string) => /^mtk\d+$/.test(name))));
    return new Set(classes).size;
}

/** Theia logs "Start of 4 plugins: 2002.7 ms [7.127 s since frontend page start]" in the browser console. */
function watchPluginStart(page: Page): () => { pluginsStart?: number; pluginsStartedSincePage?: number } {
    let figures: { pluginsStart?: number; pluginsStartedSincePage?: number } = {};
    page.on('console', (message: ConsoleMessage) => {
        const match = /Start of \d+ plugins: ([\d.]+) ms \[([\d.]+) s since frontend page start\]/.exec(message.text());
        if (match) {
            figures = { pluginsStart: Number(match[1]), pluginsStartedSincePage: Number(match[2]) * 1000 };
        }
    });
    return () => figures;
}

async function containerMemory(instance: string, workspaceId: string): Promise<number> {
    const { stdout } = await run('docker', ['stats', '--no-stream', '--format', '{{.MemUsage}}', `ide-${instance}-${workspaceId}`]);
    const match = /([\d.]+)\s*([KMG]i?B)/.exec(stdout);
    const factor: Record<string, number> = { KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, KB: 1e3, MB: 1e6, GB: 1e9 };
    return match ? Number(match[1]) * factor[match[2]] : NaN;
}

/** RSS of the sandbox's main processes, by role. */
async function processBreakdown(instance: string, workspaceId: string): Promise<string> {
    const { stdout } = await run('docker', ['exec', `ide-${instance}-${workspaceId}`, 'ps', '-eo', 'rss=,args=']);
    const roles: [string, RegExp][] = [
        ['Theia backend', /lib\/backend\/main\.js/], ['plugin host', /plugin-host/], ['tsserver', /tsserver\.js/],
        ['typescript-language-server', /typescript-language-server/]
    ];
    const totals = new Map<string, number>();
    for (const line of stdout.trim().split('\n')) {
        const [rss, ...args] = line.trim().split(/\s+/);
        const role = roles.find(([, pattern]) => pattern.test(args.join(' ')))?.[0];
        if (role) {
            totals.set(role, (totals.get(role) ?? 0) + Number(rss) * 1024);
        }
    }
    return [...totals].map(([role, bytes]) => `${role} ${mib(bytes)}`).join(', ');
}
