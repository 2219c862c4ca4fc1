import { expect, Page, test } from '@playwright/test';
import { chooseFromMenu } from './editor';
import { createUsers, createWorkspace, readWorkspaceFile, signIn, waitForTheiaShell, workspaceOrigin } from './ide-session';

const OWNER = { username: 'ada', password: 'ada-e2e-password' };
const OTHER = { username: 'grace', password: 'grace-e2e-password' };

test.beforeAll(async ({ request }) => createUsers(request, [OWNER, OTHER]));

test('wrong password shows a clear error and no session', async ({ page }) => {
    await page.goto('/login');
    await page.fill('input[name=username]', OWNER.username);
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
    expect((await page.context().cookies()).filter(cookie => cookie.name === 'ide_session')).toHaveLength(0);
});

test('sign in, open a workspace, edit a file, run a terminal command, reload, and keep others out', async ({ page, browser, context }, testInfo) => {
    const pollingRequests: string[] = [];
    page.on('request', request => { if (request.url().includes('transport=polling')) { pollingRequests.push(request.url()); } });
    await signIn(page, OWNER);
    const workspaceId = await createWorkspace(page, 'e2e-project');
    const workspaceUrl = `/w/${workspaceId}/`;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: workspaceOrigin(workspaceId) });

    await page.locator('tr', { hasText: 'e2e-project' }).getByRole('button', { name: 'Open' }).click();
    await waitForTheiaShell(page);
    expect(new URL(page.url()).origin + new URL(page.url()).pathname).toBe(`${workspaceOrigin(workspaceId)}/`);
    expect((await context.cookies(workspaceOrigin(workspaceId))).map(cookie => cookie.name)).not.toContain('ide_session');
    await expect(page.getByText('trust the authors')).toHaveCount(0);

    const status = await (await page.request.get(`/api/workspaces/${workspaceId}`)).json();
    const hostname: string = status.sandbox.hostname;
    expect(hostname).toMatch(/^ws-[a-z0-9]{12}$/);
    await expect(page.locator('#status-bar-sandbox-status')).toContainText(hostname);

    const fileName = 'hello-e2e.txt';
    await chooseFromMenu(page, 'File', 'New File...');
    await page.locator('.quick-input-widget input').fill(fileName);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Create File' }).click();
    await expect(page.locator('#theia-main-content-panel .lm-TabBar-tab', { hasText: fileName })).toBeVisible();
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.type('written in the browser, saved in the sandbox');
    await page.keyboard.press('Control+S');
    await expect(page.locator('#theia-main-content-panel .lm-TabBar-tab.theia-mod-dirty', { hasText: fileName })).toHaveCount(0);

    await chooseFromMenu(page, 'Terminal', 'New Terminal');
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
    expect(readWorkspaceFile(workspaceId, fileName)).toBe('written in the browser, saved in the sandbox');
    expect(pollingRequests, 'the IDE talks to its sandbox over WebSocket only').toEqual([]);

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
