import { expect, test } from '@playwright/test';
import { DEV_SERVER_SCRIPT } from '@ide/test-support';
import { BASE_URL, PORT, WORKSPACE_DOMAIN } from '../playwright.config';
import { createUsers, createWorkspace, openIde, signIn, workspaceOrigin, writeWorkspaceFile } from './ide-session';
import { openTerminal, runInTerminal } from './terminal';

const PIA = { username: 'pia', password: 'pia-e2e-password' };
// Not 'quinn': the OIDC spec signs in an IdP user of that name first, and an OIDC account has no password.
const GUEST = { username: 'ports-guest', password: 'ports-guest-e2e-password' };

const portOrigin = (workspaceId: string, port: number): string => `http://${port}--${workspaceId}.${WORKSPACE_DOMAIN}:${PORT}`;

test.beforeAll(async ({ request }) => {
    await createUsers(request, [PIA, GUEST]);
});

test('a dev server started in the terminal is offered, opens in a browser tab and in the preview, and is shared only when its owner says so', async ({ browser }) => {
    // Two users, a terminal, a tab and a preview frame: more than one IDE start on a machine that has run the other specs' sandboxes.
    test.setTimeout(300_000);
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, PIA);
    const id = await createWorkspace(page, 'web-app');
    await openIde(page, id);
    writeWorkspaceFile(id, 'dev-server.js', DEV_SERVER_SCRIPT);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: workspaceOrigin(id) });
    await openTerminal(page);
    await runInTerminal(page, 'echo "public URL: $VSCODE_PROXY_URI"; node dev-server.js 3000');

    const offer = page.locator('.theia-notification-toasts .theia-notification-list-item', { hasText: 'A server is listening on port 3000.' });
    await expect(offer).toBeVisible({ timeout: 30_000 });
    const [tab] = await Promise.all([context.waitForEvent('page'), offer.getByRole('button', { name: 'Open in browser' }).click()]);
    await tab.waitForLoadState();
    expect(new URL(tab.url()).origin).toBe(portOrigin(id, 3000));
    await expect(tab.locator('body')).toContainText('"server":"dev"');
    const echoed = await tab.evaluate(() => new Promise<string>((resolve, reject) => {
        const socket = new WebSocket(`${location.origin.replace('http', 'ws')}/hmr`);
        socket.onopen = () => socket.send('reload');
        socket.onmessage = event => resolve(String(event.data));
        socket.onerror = () => reject(new Error('the WebSocket failed'));
    }));
    expect(echoed).toBe('echo reload');

    await page.keyboard.press('Control+Shift+P');
    await page.keyboard.type('Ports: Open a Port in a Preview');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Port 3000' }).click();
    const preview = page.frameLocator('.theia-mini-browser iframe').first();
    await expect(preview.locator('body')).toContainText('"server":"dev"', { timeout: 30_000 });

    // Another signed-in user: "not found" while the port is private, the server's page once it is shared.
    const other = await browser.newContext();
    const guest = await other.newPage();
    await signIn(guest, GUEST);
    const refused = await guest.goto(`/w/${id}/port/3000/`);
    expect(refused?.status()).toBe(404);

    await page.goto(BASE_URL);
    const row = page.locator('tr', { hasText: 'web-app' });
    await row.locator('summary', { hasText: 'Ports' }).click();
    await row.getByLabel('Share port').fill('3000');
    await row.getByRole('button', { name: 'Share' }).click();
    await expect(page.getByRole('status')).toContainText('Port 3000 of web-app is shared with signed-in users');

    await guest.goto(`/w/${id}/port/3000/`);
    expect(new URL(guest.url()).origin).toBe(portOrigin(id, 3000));
    await expect(guest.locator('body')).toContainText('"server":"dev"');
    const ideRefused = await guest.goto(`/w/${id}/`);
    expect(ideRefused?.status(), 'sharing a port shares nothing else').toBe(404);
    await other.close();
    await page.request.delete(`/api/workspaces/${id}`, { headers: { origin: BASE_URL } });
    await context.close();
});
