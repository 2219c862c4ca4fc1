/**
 * `node backend/dist/bench/compare-proxy.js <checkout> [<checkout>...]`: the proxy's cost per IDE
 * request and per WebSocket message for several builds of the product side by side (e.g. main
 * before a change and the working tree), rounds interleaved so the noisy machine hits all alike.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { enterWorkspace, IdeEntry, proxyFigures } from './proxy-figures.js';

const PASSWORD = 'compare-admin-password';

interface Contender {
    checkout: string;
    gateway: ChildProcess;
    base: string;
    entry?: IdeEntry;
    workspaceId?: string;
    cookie?: string;
    http: number[];
    ws: number[];
}

async function start(checkout: string, index: number): Promise<Contender> {
    const port = 18950 + index;
    const gateway = spawn(process.execPath, [join(checkout, 'backend/dist/src/main.js')], {
        cwd: checkout,
        env: {
            ...process.env, IDE_PORT: String(port), IDE_HOST: '127.0.0.1', IDE_DATA_DIR: await mkdtemp(join(tmpdir(), 'ide-compare-')),
            IDE_INSTANCE: `cmp${index}`, IDE_ADMIN_PASSWORD: PASSWORD, IDE_LOG_LEVEL: 'warn'
        },
        stdio: ['ignore', 'ignore', 'inherit']
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100 && !await fetch(`${base}/healthz`).then(r => r.ok, () => false); i++) {
        await new Promise(done => setTimeout(done, 100));
    }
    return { checkout, gateway, base, http: [], ws: [] };
}

async function prepare(contender: Contender): Promise<void> {
    const login = await fetch(`${contender.base}/login`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
    contender.cookie = login.headers.getSetCookie()[0].split(';')[0];
    const headers = { cookie: contender.cookie, accept: 'application/json', 'content-type': 'application/json', origin: contender.base };
    const created = await (await fetch(`${contender.base}/api/workspaces`, { method: 'POST', headers, body: JSON.stringify({ name: 'compare' }) })).json() as { id: string };
    contender.workspaceId = created.id;
    const opened = await fetch(`${contender.base}/api/workspaces/${created.id}/open`, { method: 'POST', headers });
    if (!opened.ok) {
        throw new Error(`${contender.checkout}: open gave ${opened.status} ${await opened.text()}`);
    }
    contender.entry = await enterWorkspace(contender.base, contender.cookie, created.id);
}

async function main(): Promise<void> {
    const checkouts = process.argv.slice(2).map(path => resolve(path));
    if (!checkouts.length) {
        throw new Error('usage: compare-proxy.js <checkout> [<checkout>...]');
    }
    const contenders = await Promise.all(checkouts.map(start));
    try {
        for (const contender of contenders) {
            await prepare(contender);
        }
        for (let round = 0; round < Number(process.env.COMPARE_ROUNDS ?? 6); round++) {
            for (const contender of round % 2 ? [...contenders].reverse() : contenders) {
                console.log(`round ${round + 1}: ${contender.checkout}`);
                const figures = await proxyFigures(contender.entry!, 1, 300);
                contender.http.push(figures.http);
                contender.ws.push(figures.ws);
            }
        }
        const med = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
        console.log('\nmedian of round medians:');
        for (const contender of contenders) {
            console.log(`  ${contender.checkout}: request ${med(contender.http).toFixed(3)} ms, WebSocket message ${med(contender.ws).toFixed(3)} ms`);
        }
    } finally {
        for (const contender of contenders) {
            if (contender.workspaceId && contender.cookie) {
                await fetch(`${contender.base}/api/workspaces/${contender.workspaceId}`, { method: 'DELETE', headers: { cookie: contender.cookie, origin: contender.base } }).catch(() => undefined);
            }
            contender.gateway.kill('SIGTERM');
            await once(contender.gateway, 'exit');
        }
    }
}

main().catch(error => {
    console.error(error);
    process.exit(1);
});
