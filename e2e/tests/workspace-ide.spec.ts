import { expect, Page, test } from '@playwright/test';
import { ADMIN_PASSWORD, BASE_URL } from '../playwright.config';

const OWNER = { username: 'ada', password: 'ada-e2e-password' };
const OTHER = { username: 'grace', password: 'grace-e2e-password' };

async function signIn(page: Page, user: { username: string; password: string }): Promise<void> {
    await page.goto('/login');
    await page.fill('input[name=username]', user.username);
    await page.fill('input[name=password]', user.password);
    await Promise.all([page.waitForURL(`${BASE_URL}/`), page.click('button[type=submit]')]);
}

async function waitForTheiaShell(page: Page): Promise<void> {
    await expect(page.locator('#theia-app-shell')).toBeVisible({ timeout: 120_000 });
    await expect(page.locator('.theia-preload')).toHaveCount(0, { timeout: 60_000 });
}

test.beforeAll(async ({ request }) => {
    await request.post('/login', { data: { username: 'admin', password: ADMIN_PASSWORD } });
    for (const user of [OWNER, OTHER]) {
        const created = await request.post('/api/admin/users', { data: user, headers: { origin: BASE_URL } });
        expect(created.status(), await created.text()).toBe(201);
    }
});

test('wrong password shows a clear error and no session', async ({ page }) => {
    await page.goto('/login');
    await page.fill('input[name=username]', OWNER.username);
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
    expect((await page.context().cookies()).filter(cookie => cookie.name === 'ide_session')).toHaveLength(0);
});

test('sign in, open a workspace, edit a file, run a terminal command, reload, and keep others out', async ({ page, browser }, testInfo) => {
    await signIn(page, OWNER);
    await page.fill('input[name=name]', 'e2e-project');
    await page.click('button:has-text("Create")');
    await expect(page.getByRole('status')).toContainText('Created e2e-project');
    const row = page.locator('tr', { hasText: 'e2e-project' });
    const workspaceUrl = await row.locator('a').first().getAttribute('href');
    expect(workspaceUrl).toMatch(/^\/w\/[a-z0-9]{12}\/$/);

    await row.getByRole('button', { name: 'Open' }).click();
    await waitForTheiaShell(page);
    expect(page.url()).toBe(`${BASE_URL}${workspaceUrl}`);
    await expect(page.getByText('Do you trust the authors')).toHaveCount(0);

    const status = await (await page.request.get(`/api/workspaces/${workspaceUrl!.split('/')[2]}`)).json();
    const hostname: string = status.sandbox.hostname;
    expect(hostname).toMatch(/^ws-[a-z0-9]{12}$/);

    // TODO(selectors): filled in from the helper's verified selectors.
    await page.screenshot({ path: testInfo.outputPath('ide.png'), fullPage: true });
    await testInfo.attach('ide', { path: testInfo.outputPath('ide.png'), contentType: 'image/png' });

    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signIn(otherPage, OTHER);
    const response = await otherPage.goto(workspaceUrl!);
    expect(response!.status()).toBe(404);
    await expect(otherPage.getByRole('alert')).toContainText('workspace not found');
    await other.close();
});
