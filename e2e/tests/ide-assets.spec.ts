import { expect, Response, test } from '@playwright/test';
import { BASE_URL } from '../playwright.config';
import { createUsers, createWorkspace, openIde, signIn, waitForTheiaShell } from './ide-session';

const ROSA = { username: 'rosa', password: 'rosa-e2e-password' };
/** A user of her own: ROSA's earlier tests keep her three sandboxes (the per-user limit) running. */
const NILS = { username: 'nils', password: 'nils-e2e-password' };

interface Transfer {
    url: string;
    bytes: number;
    fromCache: boolean;
}

test.beforeAll(async ({ request }) => {
    await createUsers(request, [ROSA, NILS]);
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

test('fonts are files of their own beside the bundle, fetched in the one format the browser uses when a glyph needs it, not inlined into the style sheet', async ({ page }) => {
    await signIn(page, ROSA);
    const id = await createWorkspace(page, 'assets-fonts');
    const fonts: Response[] = [];
    page.on('response', response => {
        if (/\.(ttf|woff2?|eot|otf)$/.test(new URL(response.url()).pathname)) {
            fonts.push(response);
        }
    });
    const styleSheet = page.waitForResponse(response => /\/\.gateway\/assets\/[0-9a-f]{16}\/bundle\.css$/.test(response.url()));
    await openIde(page, id);
    const css = await (await styleSheet).text();
    // Inlined, every format of every font (FontAwesome's four, two codicons) made 1.6 of the style sheet's 2.5 MB.
    expect(css, 'no font inside the style sheet').not.toMatch(/url\(["']?data:(font\/|application\/(font|x-font|vnd\.ms-fontobject))/);
    await expect.poll(() => page.evaluate(async () => {
        await document.fonts.ready;
        return [...document.fonts].filter(font => font.status === 'loaded').map(font => font.family.replace(/"/g, ''));
    }), { message: 'the icon font of the workbench is loaded' }).toContain('codicon');
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
        const name = new URL(font.url()).pathname.split('/').pop();
        expect(new URL(font.url()).origin, `${name}: from the gateway's shared assets`).toBe(BASE_URL);
        expect(font.status(), name).toBe(200);
        expect(font.headers()['cache-control'], name).toBe('public, max-age=31536000, immutable');
        expect(font.headers()['access-control-allow-origin'], `${name}: usable by the workspace's origin`).toBe('*');
    }
    expect(fonts.map(font => new URL(font.url()).pathname).filter(path => /\.(eot|woff)$/.test(path)), 'no format the browser does not use').toEqual([]);
});

test('Theia\'s translation metadata is a file of the shared assets that an English page does not fetch', async ({ page }) => {
    await signIn(page, NILS);
    const id = await createWorkspace(page, 'assets-nls');
    const asked: string[] = [];
    page.on('request', request => {
        if (/nls\.metadata/.test(request.url())) {
            asked.push(request.url());
        }
    });
    const bundleResponse = page.waitForResponse(response => /\/\.gateway\/assets\/[0-9a-f]{16}\/bundle\.js$/.test(response.url()));
    await openIde(page, id);
    const bundle = await bundleResponse;
    const name = /"\.\/(nls\.metadata-[A-Z0-9]+\.json)"/.exec(await bundle.text())?.[1];
    expect(name, 'the bundle names the file instead of holding it').toBeTruthy();
    await waitForTheiaShell(page);
    expect(asked, 'an English page translates nothing').toEqual([]);
    // What a translating page's preload fetches: from the workspace's origin, beside the bundle.
    const fetched = await page.evaluate(async url => {
        const response = await fetch(url);
        const body = await response.json() as { keys: Record<string, string[]>; messages: Record<string, string[]> };
        return { status: response.status, cache: response.headers.get('cache-control'), keys: Object.keys(body.keys).length, messages: Object.keys(body.messages).length };
    }, new URL(name!, bundle.url()).toString());
    expect(fetched.status).toBe(200);
    expect(fetched.cache).toBe('public, max-age=31536000, immutable');
    expect(fetched.keys).toBeGreaterThan(100);
    expect(fetched.keys).toBe(fetched.messages);
});
