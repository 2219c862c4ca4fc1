import { expect, test } from '@playwright/test';
import { ADMIN_PASSWORD } from '../playwright.config';
import { createUsers, createWorkspace, signIn, startSandbox } from './ide-session';

const ADMIN = { username: 'admin', password: ADMIN_PASSWORD };
const MEMBER = { username: 'linus', password: 'linus-e2e-password' };

test.beforeAll(async ({ request }) => createUsers(request, [MEMBER]));

test('the admin page: running sandboxes with CPU and memory, users, quotas, profiles', async ({ page, browser }) => {
    await signIn(page, MEMBER);
    const workspaceId = await createWorkspace(page, 'admin-watched');
    await startSandbox(page, workspaceId);
    await page.goto('/admin');
    await expect(page.getByRole('alert')).toContainText('this needs an admin');

    await page.context().clearCookies();
    await signIn(page, ADMIN);
    await page.getByRole('link', { name: 'Admin' }).click();
    await expect(page.getByRole('heading', { name: 'Admin' })).toBeVisible();

    const sandbox = page.locator(`tr[data-workspace="${workspaceId}"]`);
    await expect(sandbox).toContainText('admin-watched');
    await expect(sandbox).toContainText('linus');
    await expect(sandbox).toContainText('running');
    await expect(sandbox).toContainText(/\d+\.\d %/);
    await expect(sandbox).toContainText(/\d+ \/ \d+ MiB/);

    const profile = page.locator('tr[data-profile="default"]');
    await expect(profile).toContainText('ide-sandbox-base:latest');
    await expect(profile).toContainText('present');

    await page.locator('#create-user').getByLabel('Username').fill('margaret');
    await page.locator('#create-user').getByLabel('Password').fill('margaret-e2e-password');
    await page.getByRole('button', { name: 'Create user' }).click();
    await expect(page.getByRole('status')).toContainText('Created margaret');

    const member = page.locator('tr[data-user="linus"]');
    await member.getByLabel('Max workspaces of linus').fill('1');
    await member.getByRole('button', { name: 'Set quotas and groups' }).click();
    await expect(page.getByRole('status')).toContainText('Updated linus');
    await expect(page.locator('tr[data-user="linus"]').getByLabel('Max workspaces of linus')).toHaveValue('1');

    const memberContext = await browser.newContext();
    const memberPage = await memberContext.newPage();
    await signIn(memberPage, MEMBER);
    await memberPage.fill('input[name=name]', 'second-one');
    await memberPage.click('button:has-text("Create")');
    await expect(memberPage.locator('#create-workspace').getByRole('alert')).toContainText('reached your limit of 1 workspace: delete one');
    await expect(memberPage.getByLabel('New workspace')).toHaveValue('second-one');

    await page.locator('tr[data-user="linus"]').getByRole('button', { name: 'Disable' }).click();
    await expect(page.locator('tr[data-user="linus"]')).toContainText('disabled');
    await memberPage.goto('/');
    await expect(memberPage).toHaveURL(/\/login/);
    await memberContext.close();

    await page.locator(`tr[data-workspace="${workspaceId}"]`).getByRole('button', { name: 'Stop' }).click();
    await expect(page.locator(`tr[data-workspace="${workspaceId}"]`)).toContainText('stopped');
});
