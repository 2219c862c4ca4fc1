import { expect, test } from '@playwright/test';
import { BASE_URL } from '../playwright.config';
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

test('the bundle comes compressed under its build\'s hash from the gateway\'s origin; a reload and a second workspace take it from the browser\'s cache', async ({ page }) => {
    await signIn(page, ROSA);
    const id = await createWorkspace(page, 'assets');
    const secondId = await createWorkspace(page, 'assets-two');
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
    expect(new URL(first.url()).origin, 'one URL for every workspace').toBe(BASE_URL);
    expect(first.headers()['content-encoding']).toBe('br');
    expect(first.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    const firstLoad = [...transfers.values()];
    const bundleBytes = firstLoad.find(transfer => transfer.url === first.url())!.bytes;
    expect(bundleBytes, 'compressed on the wire').toBeLessThan(5 * 1024 * 1024);

    transfers.clear();
    await page.reload();
    await waitForTheiaShell(page);
    expectNoBundleDownloaded([...transfers.values()], first.url(), 'the reload');

    transfers.clear();
    await page.goto(BASE_URL);
    await openIde(page, secondId);
    expectNoBundleDownloaded([...transfers.values()], first.url(), 'the second workspace');
});

function expectNoBundleDownloaded(transfers: Transfer[], bundleUrl: string, what: string): void {
    expect(transfers.find(transfer => transfer.url === bundleUrl)?.fromCache, `${what} takes the bundle from the cache`).toBe(true);
    const onTheWire = transfers.filter(transfer => !transfer.fromCache && /\.(js|css)$/.test(new URL(transfer.url).pathname));
    expect(onTheWire.filter(transfer => transfer.bytes > 10_000), `${what}: no script or style sheet downloaded again`).toEqual([]);
}
