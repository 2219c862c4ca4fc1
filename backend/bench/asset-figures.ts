import type { Page } from 'playwright-core';
import { IdeBench } from './ide-figures.js';
import { kib, report } from './report.js';

/** Bytes on the wire for what the page loads from now on (Chromium's count: compressed, headers included). */
async function wireBytes(page: Page): Promise<() => number> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    let total = 0;
    cdp.on('Network.loadingFinished', event => { total += event.encodedDataLength; });
    return () => total;
}

async function shellReady(page: Page, url: string): Promise<void> {
    await page.goto(url);
    await page.waitForSelector('#theia-app-shell', { timeout: 120_000 });
    await page.waitForSelector('.theia-preload', { state: 'detached', timeout: 120_000 }).catch(() => undefined);
}

/**
 * What one browser downloads to open the IDE: a first load, a reload (the bundle comes from its
 * cache under the build's hash), and a second workspace (another origin, the bundle from the same shared URL: cached when the workspaces are one site).
 */
export async function assetFigures(bench: IdeBench): Promise<void> {
    const context = await bench.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${bench.base}/login`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', bench.password);
    await Promise.all([page.waitForURL(`${bench.base}/`), page.click('button[type=submit]')]);
    const ids: string[] = [];
    for (const name of ['bench-assets-a', 'bench-assets-b']) {
        const id: string = (await page.request.post(`${bench.base}/api/workspaces`, { data: { name, profile: 'pooled' }, headers: { origin: bench.base } }).then(response => response.json())).id;
        bench.made(id);
        ids.push(id);
        await page.request.post(`${bench.base}/api/workspaces/${id}/open`, { headers: { origin: bench.base } });
        await bench.waitForWarmSandbox();
    }
    const bytes = await wireBytes(page);
    await shellReady(page, `${bench.base}/w/${ids[0]}/`);
    const first = bytes();
    await shellReady(page, page.url());
    const reload = bytes() - first;
    await shellReady(page, `${bench.base}/w/${ids[1]}/`);
    const second = bytes() - first - reload;
    await context.close();
    report('first load: bytes on the wire', kib(first), '(brotli from the gateway, one fresh browser profile)');
    report('reload: bytes on the wire', kib(reload), '(the bundle from the browser\'s cache under its build hash; the page and the IDE\'s connection)');
    report('second workspace: bytes on the wire', kib(second), '(the bundle from the gateway\'s shared URL, cached once per site)');
}
