import { expect, test } from '@playwright/test';
import { createUsers, createWorkspace, openIde, signIn, waitForTheiaShell } from './ide-session';

const ROSA = { username: 'rosa', password: 'rosa-e2e-password' };

interface Transfer {
    url: string;
    bytes: number;
    fromCache: boolean;
}

test.beforeAll(async ({ request }) => {
    await createUsers(request, [ROSA]);
});

test('the bundle comes compressed under its build\'s hash, and a reload takes it from the browser\'s cache', async ({ page }) => {
    await signIn(page, ROSA);
    const id = await createWorkspace(page, 'assets');
    const cdp = await page.context().newCDPSession(page);
    const transfers = new Map<string, Transfer>();
    await cdp.send('Network.enable');
    cdp.on('Network.requestWillBeSent', event => transfers.set(event.requestId, { url: event.request.url, bytes: 0, fromCache: false }));
    cdp.on('Network.requestServedFromCache', event => { const transfer = transfers.get(event.requestId); if (transfer) { transfer.fromCache = true; } });
    cdp.on('Network.responseReceived', event => {
        const transfer = transfers.get(event.requestId);
        if (transfer && event.response.fromDiskCache) {
            transfer.fromCache = true;
        }
    });
    cdp.on('Network.loadingFinished', event => { const transfer = transfers.get(event.requestId); if (transfer) { transfer.bytes = event.encodedDataLength; } });

    const bundleResponse = page.waitForResponse(response => /\/\.gateway\/assets\/[0-9a-f]{16}\/bundle\.js$/.test(response.url()));
    await openIde(page, id);
    const first = await bundleResponse;
    expect(first.headers()['content-encoding']).toBe('br');
    expect(first.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    const firstLoad = [...transfers.values()];
    const bundleBytes = firstLoad.find(transfer => transfer.url === first.url())!.bytes;
    expect(bundleBytes, 'compressed on the wire').toBeLessThan(5 * 1024 * 1024);

    transfers.clear();
    await page.reload();
    await waitForTheiaShell(page);
    const reload = [...transfers.values()];
    const bundleAgain = reload.find(transfer => transfer.url === first.url());
    expect(bundleAgain?.fromCache, 'the reload takes the bundle from the cache').toBe(true);
    const onTheWire = reload.filter(transfer => !transfer.fromCache && /\.(js|css)$/.test(new URL(transfer.url).pathname));
    expect(onTheWire.filter(transfer => transfer.bytes > 10_000), 'no script or style sheet downloaded again').toEqual([]);
});
