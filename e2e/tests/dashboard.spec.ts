import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ADMIN_PASSWORD, BASE_URL } from '../playwright.config';
import { createUsers, signIn } from './ide-session';

const ADMIN = { username: 'admin', password: ADMIN_PASSWORD };
const MEMBER = { username: 'grace', password: 'grace-e2e-password' };

test.beforeAll(async ({ request }) => createUsers(request, [MEMBER]));

test('the dashboard guides: inline errors keep the input, a new token comes with copyable client commands', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });
    await signIn(page, MEMBER);

    const profile = page.getByLabel('Profile');
    await expect(profile.locator('option[value="default"]')).toContainText('Debian with git');
    await page.getByLabel('New workspace').fill('bad/name');
    await profile.selectOption('node-python');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const createForm = page.locator('#create-workspace');
    await expect(createForm.getByRole('alert')).toContainText('must not contain');
    await expect(page.getByLabel('New workspace')).toHaveValue('bad/name');
    await expect(profile).toHaveValue('node-python');
    await expect(page).toHaveURL(`${BASE_URL}/`, { timeout: 5_000 });

    await page.getByLabel('New workspace').fill('graces-app');
    await profile.selectOption('default');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(page.getByRole('status')).toContainText('Created graces-app');

    await page.getByLabel('Token name').fill('inspector');
    await page.getByLabel('Token workspace').selectOption({ label: 'graces-app' });
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.locator('#new-token').textContent())!;
    expect(secret).toMatch(/^ide_pat_/);
    await expect(page).toHaveURL(`${BASE_URL}/`, { timeout: 5_000 });
    await page.getByRole('button', { name: 'Copy the token' }).click();
    await expect(page.getByRole('button', { name: 'Copy the token' })).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    const mcpUrl = `${BASE_URL}/mcp/graces-app`;
    await expect(page.locator('#command-claude-code')).toHaveText(`claude mcp add --transport http graces-app ${mcpUrl} --header "Authorization: Bearer ${secret}"`);
    expect(JSON.parse((await page.locator('#command-cursor').textContent())!)).toEqual({ mcpServers: { 'graces-app': { url: mcpUrl, headers: { Authorization: `Bearer ${secret}` } } } });
    expect(JSON.parse((await page.locator('#command-vscode').textContent())!)).toEqual({ servers: { 'graces-app': { type: 'http', url: mcpUrl, headers: { Authorization: `Bearer ${secret}` } } } });
    await page.getByRole('button', { name: 'Copy the MCP Inspector (lists the tools) setup' }).click();
    const inspector = await page.evaluate(() => navigator.clipboard.readText());
    expect(inspector).toContain(`npx @modelcontextprotocol/inspector --cli ${mcpUrl} --transport http --header "Authorization: Bearer ${secret}" --method tools/list`);

    // The copied command, run by the shell as pasted, with the Inspector's CLI from this checkout in place of npx's download
    // (this repository's hoisted commander is too old for its `mcp-inspector` launcher; the CLI finds its package.json from its cwd).
    const cliBuild = resolve('../node_modules/@modelcontextprotocol/inspector-cli/build');
    const asRunHere = (command: string): string => command.replace('npx @modelcontextprotocol/inspector ', `node ${join(cliBuild, 'cli.js')} `);
    const listed = execFileSync('bash', ['-c', asRunHere(inspector)], { cwd: cliBuild, encoding: 'utf8', timeout: 90_000 });
    expect(listed).toContain('"list_directory"');
    // A tool call (it starts the sandbox), for the admin's audit log below.
    const called = execFileSync('bash', ['-c', asRunHere(inspector).replace('--method tools/list', '--method tools/call --tool-name list_directory --tool-arg path=.')], { cwd: cliBuild, encoding: 'utf8', timeout: 150_000 });
    expect(called).not.toContain('"isError": true');

    await page.reload();
    await expect(page.locator('#new-token')).toHaveCount(0);
});

test('the admin lists every workspace and the audit log with filters, stops and deletes another user\'s workspace, signs out', async ({ page }) => {
    await signIn(page, ADMIN);
    await page.getByRole('link', { name: 'Admin' }).click();
    const row = page.locator('#workspaces tr[data-workspace]', { hasText: 'graces-app' });
    await expect(row).toContainText('grace');
    await expect(row).toContainText('default');
    await expect(row).toContainText('running');
    await expect(row).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d/);
    await expect(row).toContainText(/\d+\.\d (MiB|GiB)/);

    await page.getByLabel('Filter by user').fill('grace');
    await page.getByLabel('Filter by tool').fill('list_directory');
    await page.getByLabel('Filter by outcome').selectOption('ok');
    await page.getByRole('button', { name: 'Filter' }).click();
    const audit = page.locator('#audit');
    await expect(audit.locator('tr[data-audit-tool="list_directory"]').first()).toContainText('graces-app');
    await expect(audit.locator('tbody tr')).toHaveCount(1);
    await expect(page.getByLabel('Filter by user')).toHaveValue('grace');
    await page.getByLabel('Filter by user').fill('nobody-at-all');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(audit).toContainText('No agent tool calls match.');

    await page.locator('#workspaces tr[data-workspace]', { hasText: 'graces-app' }).getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByRole('status')).toContainText('Stopped graces-app');
    await expect(page.locator('#workspaces tr[data-workspace]', { hasText: 'graces-app' })).toContainText('stopped');

    page.once('dialog', dialog => void dialog.accept());
    await page.locator('#workspaces tr[data-workspace]', { hasText: 'graces-app' }).getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('status')).toContainText('Deleted graces-app of grace');
    await expect(page.locator('#workspaces tr[data-workspace]', { hasText: 'graces-app' })).toHaveCount(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/login/);
});
