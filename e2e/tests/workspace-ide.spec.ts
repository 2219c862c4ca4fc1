import { expect, Page, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { ADMIN_PASSWORD, BASE_URL, INSTANCE } from '../playwright.config';

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

test('sign in, open a workspace, edit a file, run a terminal command, reload, and keep others out', async ({ page, browser, context }, testInfo) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });
    await signIn(page, OWNER);
    await page.fill('input[name=name]', 'e2e-project');
    await page.click('button:has-text("Create")');
    await expect(page.getByRole('status')).toContainText('Created e2e-project');
    const row = page.locator('tr', { hasText: 'e2e-project' });
    const workspaceUrl = (await row.locator('a').first().getAttribute('href'))!;
    expect(workspaceUrl).toMatch(/^\/w\/[a-z0-9]{12}\/$/);

    await row.getByRole('button', { name: 'Open' }).click();
    await waitForTheiaShell(page);
    expect(page.url()).toContain(`${BASE_URL}${workspaceUrl}`);
    await expect(page.getByText('trust the authors')).toHaveCount(0);

    const status = await (await page.request.get(`/api/workspaces/${workspaceUrl.split('/')[2]}`)).json();
    const hostname: string = status.sandbox.hostname;
    expect(hostname).toMatch(/^ws-[a-z0-9]{12}$/);
    await expect(page.locator('#status-bar-sandbox-status')).toContainText(hostname);

    const fileName = 'hello-e2e.txt';
    await page.locator('.lm-MenuBar-item', { hasText: 'File' }).first().click();
    await page.locator('.lm-Menu-item', { hasText: /^New File/ }).first().click();
    await page.locator('.quick-input-widget input').fill(fileName);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Create File' }).click();
    await expect(page.locator('#theia-main-content-panel .lm-TabBar-tab', { hasText: fileName })).toBeVisible();
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.type('written in the browser, saved in the sandbox');
    await page.keyboard.press('Control+S');
    await expect(page.locator('#theia-main-content-panel .lm-TabBar-tab.theia-mod-dirty', { hasText: fileName })).toHaveCount(0);

    await page.locator('.lm-MenuBar-item', { hasText: 'Terminal' }).first().click();
    await page.locator('.lm-Menu-item', { hasText: 'New Terminal' }).first().click();
    const terminalInput = page.locator('.terminal-container .xterm-helper-textarea').last();
    await terminalInput.waitFor();
    await expect.poll(() => readTerminal(page), { timeout: 30_000 }).toMatch(/\$\s*$/m);
    await terminalInput.pressSequentially('id -u && hostname');
    await terminalInput.press('Enter');
    await expect.poll(() => readTerminal(page), { timeout: 30_000 }).toMatch(new RegExp(`^1000\\s*\\n${hostname}\\s*$`, 'm'));
    await page.keyboard.press('Escape');

    await page.screenshot({ path: testInfo.outputPath('ide.png') });
    await testInfo.attach('ide', { path: testInfo.outputPath('ide.png'), contentType: 'image/png' });

    await page.reload();
    await waitForTheiaShell(page);
    if (!await page.locator('#files').isVisible()) {
        await page.locator('#shell-tab-explorer-view-container').click();
    }
    const fileNode = page.locator('#files .theia-TreeNode', { hasText: fileName });
    const workspaceSection = page.getByTitle('/workspace', { exact: true });
    if (!await fileNode.isVisible()) {
        await workspaceSection.click();
    }
    await expect(fileNode).toBeVisible();
    await fileNode.dblclick();
    await expect(page.locator('.monaco-editor .view-lines').first()).toContainText('written in the browser, saved in the sandbox');
    const onDisk = execFileSync('docker', ['exec', `ide-${INSTANCE}-${workspaceUrl.split('/')[2]}`, 'cat', `/workspace/${fileName}`]).toString();
    expect(onDisk).toBe('written in the browser, saved in the sandbox');

    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signIn(otherPage, OTHER);
    const response = await otherPage.goto(workspaceUrl);
    expect(response!.status()).toBe(404);
    await expect(otherPage.getByRole('alert')).toContainText('workspace not found');
    await other.close();
});

/** xterm draws with WebGL, so its text is read through the terminal's own Select All + Copy. */
async function readTerminal(page: Page): Promise<string> {
    const terminal = page.locator('.terminal-container').last();
    await terminal.click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Select All' }).first().click();
    await terminal.click({ button: 'right' });
    await page.locator('.lm-Menu-item:has(.lm-Menu-itemLabel:text-is("Copy"))').first().click();
    return page.evaluate(() => navigator.clipboard.readText());
}
