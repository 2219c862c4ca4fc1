import { APIRequestContext, expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { ADMIN_PASSWORD, BASE_URL, INSTANCE, PORT, WORKSPACE_DOMAIN } from '../playwright.config';

export interface TestUser {
    username: string;
    password: string;
}

/** Creates users through the admin API; each spec file uses its own names (one gateway serves the whole run; a retried spec finds them made). */
export async function createUsers(request: APIRequestContext, users: TestUser[]): Promise<void> {
    await request.post('/login', { data: { username: 'admin', password: ADMIN_PASSWORD } });
    for (const user of users) {
        const created = await request.post('/api/admin/users', { data: user, headers: { origin: BASE_URL } });
        expect([201, 409], await created.text()).toContain(created.status());
    }
}

export async function signIn(page: Page, user: TestUser): Promise<void> {
    await page.goto('/login');
    await page.fill('input[name=username]', user.username);
    await page.fill('input[name=password]', user.password);
    await Promise.all([page.waitForURL(`${BASE_URL}/`), page.click('button[type=submit]')]);
}

export async function waitForTheiaShell(page: Page): Promise<void> {
    await expect(page.locator('#theia-app-shell')).toBeVisible({ timeout: 120_000 });
    await expect(page.locator('.theia-preload')).toHaveCount(0, { timeout: 60_000 });
}

/** Where a workspace's IDE is served: an origin of its own (`*.localhost` is loopback for Chromium). */
export function workspaceOrigin(workspaceId: string): string {
    return `http://${workspaceId}.${WORKSPACE_DOMAIN}:${PORT}`;
}

/** On the dashboard: creates a workspace and returns its id (`/w/<id>/` opens its IDE). */
export async function createWorkspace(page: Page, name: string): Promise<string> {
    await page.fill('input[name=name]', name);
    await page.click('button:has-text("Create")');
    await expect(page.getByRole('status')).toContainText(`Created ${name}`);
    const href = (await page.locator('tr', { hasText: name }).locator('a').first().getAttribute('href'))!;
    expect(href).toMatch(/^\/w\/[a-z0-9]{12}\/$/);
    return href.split('/')[2];
}

/** Starts the workspace's sandbox without opening the IDE, so a test can put files in it first. */
export async function startSandbox(page: Page, workspaceId: string): Promise<void> {
    const started = await page.request.post(`/api/workspaces/${workspaceId}/open`, { headers: { origin: BASE_URL } });
    expect(started.status(), await started.text()).toBeLessThan(300);
}

export function containerName(workspaceId: string): string {
    return `ide-${INSTANCE}-${workspaceId}`;
}

/** Writes a file into the workspace as the sandbox user, creating its folders. */
export function writeWorkspaceFile(workspaceId: string, relativePath: string, content: string): void {
    execFileSync('docker', ['exec', '-i', '-u', '1000', containerName(workspaceId), 'sh', '-c', 'mkdir -p "$(dirname "$1")" && cat > "$1"', 'sh', `/workspace/${relativePath}`], { input: content });
}

export function readWorkspaceFile(workspaceId: string, relativePath: string): string {
    return execFileSync('docker', ['exec', containerName(workspaceId), 'cat', `/workspace/${relativePath}`]).toString();
}

/** Opens the IDE as the dashboard's link does: the gateway hands over to the workspace's own origin. */
export async function openIde(page: Page, workspaceId: string): Promise<void> {
    await page.goto(`/w/${workspaceId}/`);
    await waitForTheiaShell(page);
    expect(new URL(page.url()).origin).toBe(workspaceOrigin(workspaceId));
}
