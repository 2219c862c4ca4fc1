import { readFile } from 'node:fs/promises';
import { fetch as undiciFetch } from 'undici';
import { WebSocket } from 'ws';
import { Client, IdeClient } from '../test/helpers.js';
import { mib, ms, percentile, report } from './report.js';

/** 50 browser sessions at once on one workspace: page, bundle and the IDE's WebSocket, through the gateway. */
export async function concurrentSessionsFigure(base: string, username: string, password: string, workspaceId: string, gatewayPid: number): Promise<void> {
    const sessions: Client[] = [];
    // undici's current release, not Node 20's bundled fetch: under this load with gzipped bundles the bundled one
    // loses responses ("other side closed") that undici 7 and Chromium receive whole through the same gateway.
    const fetchImpl = undiciFetch as unknown as typeof fetch;
    for (let i = 0; i < 50; i++) {
        const client = new Client(base, fetchImpl);
        await client.login(username, password);
        sessions.push(client);
    }
    const loadTimes: number[] = [];
    let errors = 0;
    let firstError = '';
    const sockets: WebSocket[] = [];
    const began = performance.now();
    await Promise.all(sessions.map(async session => {
        const start = performance.now();
        try {
            const ide = await IdeClient.enter(session, workspaceId);
            // The IDE sets its connection-token cookie on the page; its WebSocket needs it, as in a browser.
            const ideCookies: string[] = [];
            for (const path of ['/', '/bundle.js', '/bundle.css']) {
                const response = await ide.request('GET', path, undefined, { accept: path === '/' ? 'text/html' : '*/*' });
                await response.arrayBuffer();
                if (response.status !== 200) {
                    throw new Error(`${path}: ${response.status}`);
                }
                ideCookies.push(...response.headers.getSetCookie().map(cookie => cookie.split(';')[0]));
            }
            ide.cookie = [ide.cookie, ...ideCookies].join('; ');
            sockets.push(await ide.webSocket('/socket.io/?EIO=4&transport=websocket'));
            loadTimes.push(performance.now() - start);
        } catch (error) {
            errors++;
            firstError ||= (error as Error).message;
        }
    }));
    const seconds = (performance.now() - began) / 1000;
    const rss = Number((await readFile(`/proc/${gatewayPid}/status`, 'utf8')).match(/VmRSS:\s+(\d+)/)![1]) * 1024;
    sockets.forEach(socket => socket.close());
    report('50 concurrent browser sessions', `${ms(percentile(loadTimes, 0.5))} / ${ms(percentile(loadTimes, 0.99))}`,
        `(p50 / p99 of page + bundle + IDE WebSocket each; ${seconds.toFixed(1)} s in all, ${errors} errors${firstError ? ` such as "${firstError}"` : ''}, ${sockets.length} sockets open, gateway RSS ${mib(rss)})`);
}

/** How many idle sandboxes this machine holds, from the measured cost of one and the memory there is. */
export async function capacityFigure(perSandboxBytes: number): Promise<void> {
    const total = Number((await readFile('/proc/meminfo', 'utf8')).match(/MemTotal:\s+(\d+)/)![1]) * 1024;
    const reserve = 2 * 1024 ** 3;
    report('idle sandboxes that fit', String(Math.floor((total - reserve) / perSandboxBytes)), `(${mib(total)} RAM less 2 GiB for the host and gateway, ${mib(perSandboxBytes)} each; CPU is shared, idle sandboxes use none)`);
}
