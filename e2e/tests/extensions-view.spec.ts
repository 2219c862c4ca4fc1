import { expect, test } from '@playwright/test';
import { openView } from './editor';
import { createUsers, createWorkspace, openIde, signIn } from './ide-session';

const USER = { username: 'eli-extensions', password: 'eli-extensions-e2e-password' };

test.beforeAll(async ({ request }) => createUsers(request, [USER]));

test('Extensions view: lists the built-ins, and a search asks the gateway\'s registry, never the internet', async ({ page }, testInfo) => {
    const outside: string[] = [];
    // The gateway's origin and the workspace's own (`<id>.localhost`) are this machine; anything else is outside.
    const isLocal = (url: string) => { const { hostname } = new URL(url); return hostname === '127.0.0.1' || hostname === 'localhost' || hostname.endsWith('.localhost'); };
    page.on('request', request => { if (!request.url().startsWith('data:') && !isLocal(request.url())) { outside.push(request.url()); } });
    await signIn(page, USER);
    const workspaceId = await createWorkspace(page, 'extensions-project');
    await openIde(page, workspaceId);

    await openView(page, 'Extensions');
    const view = page.locator('#vsx-extensions-view-container');
    await expect(view).toBeVisible();
    await view.locator('.theia-view-container-part-header', { hasText: /^Built-in/i }).click();
    const builtIn = view.locator('.theia-vsx-extension', { hasText: 'Language Servers' });
    await expect(builtIn.first()).toBeVisible({ timeout: 60_000 });
    await expect(view.locator('.theia-vsx-extension', { hasText: 'Python Debugger (debugpy)' }).first()).toBeVisible();

    // VSX_REGISTRY_URL is the sandbox's relay to the gateway's registry (extension-registry.spec.ts fills it): a search
    // for something no admin uploaded answers with an empty result, not an error.
    await view.locator('input').first().fill('python-nobody-uploaded');
    await expect(page.getByRole('tabpanel', { name: /Extensions: Open VSX Registry/ })).toBeVisible({ timeout: 15_000 });
    await page.waitForTimeout(3000);
    await expect(view).not.toContainText('Error fetching extensions');
    await expect(view.locator('.theia-vsx-extension:visible')).toHaveCount(0);

    await page.screenshot({ path: testInfo.outputPath('extensions.png') });
    await testInfo.attach('extensions', { path: testInfo.outputPath('extensions.png'), contentType: 'image/png' });
    expect(outside, 'the browser fetched nothing from outside the gateway').toEqual([]);
});
