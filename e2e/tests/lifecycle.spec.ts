import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ADMIN_PASSWORD, BASE_URL, PROFILES_FILE } from '../playwright.config';
import { containerName, createUsers, createWorkspace, openIde, signIn, waitForTheiaShell, workspaceOrigin } from './ide-session';
import { openTerminal } from './terminal';

const LEO = { username: 'leo', password: 'leo-e2e-password' };

/** A profile whose sandboxes stop after a minute without activity and end a closed tab's terminals after 12 s. */
async function addQuickProfile(request: APIRequestContext): Promise<void> {
    const current = readFileSync(PROFILES_FILE, 'utf8');
    if (/^ {2}quick:$/m.test(current)) {
        return;
    }
    await request.post('/login', { data: { username: 'admin', password: ADMIN_PASSWORD } });
    const yaml = `${current.trimEnd()}
  quick:
    description: stops after a minute without activity (for the lifecycle tests)
    image: ide-sandbox-base:latest
    idleMinutes: 1
    env:
      IDE_TERMINAL_RECONNECT_MINUTES: "0.2"
`;
    const saved = await request.put('/api/admin/profiles', { data: { yaml }, headers: { origin: BASE_URL } });
    expect(saved.status(), await saved.text()).toBe(200);
}

function sandboxRunning(workspaceId: string): boolean {
    try {
        return execFileSync('docker', ['inspect', '-f', '{{.State.Running}}', containerName(workspaceId)]).toString().trim() === 'true';
    } catch {
        return false;
    }
}

function shellsIn(workspaceId: string): number {
    const processes = execFileSync('docker', ['exec', containerName(workspaceId), 'ps', '-eo', 'comm']).toString().split('\n');
    return processes.filter(name => name.trim() === 'bash').length;
}

async function createAndOpen(page: Page, name: string, profile = 'default'): Promise<string> {
    await page.selectOption('select[name=profile]', profile);
    const id = await createWorkspace(page, name);
    await openIde(page, id);
    return id;
}

const stopWorkspace = (page: Page, id: string) => page.request.post(`/api/workspaces/${id}/stop`, { headers: { origin: BASE_URL } });

test.beforeAll(async ({ request }) => {
    await createUsers(request, [LEO]);
    await addQuickProfile(request);
});

// Each test's workspace goes, so the next ones stay within the user's quota of running sandboxes.
test.afterEach(async ({ playwright }) => {
    const leo = await playwright.request.newContext({ baseURL: BASE_URL });
    await leo.post('/login', { data: LEO });
    const { workspaces } = await (await leo.get('/api/workspaces')).json() as { workspaces: Array<{ id: string }> };
    for (const { id } of workspaces) {
        await leo.delete(`/api/workspaces/${id}`, { headers: { origin: BASE_URL } });
    }
    await leo.dispose();
});

test('an explicit Stop stays stopped though a tab is open; the tab says so and Start brings it back', async ({ page }) => {
    await signIn(page, LEO);
    const id = await createAndOpen(page, 'stop-with-tab');
    expect((await stopWorkspace(page, id)).status()).toBe(200);
    const notice = page.locator('#sandbox-notice');
    await expect(notice).toContainText('This workspace was stopped (stopped by leo).', { timeout: 30_000 });
    for (let waited = 0; waited < 60_000; waited += 5000) {
        expect(sandboxRunning(id), `still stopped after ${waited / 1000} s`).toBe(false);
        await page.waitForTimeout(5000);
    }
    await notice.getByRole('button', { name: 'Start' }).click();
    await waitForTheiaShell(page);
    await expect(page.locator('#status-bar-sandbox-status')).toBeVisible({ timeout: 60_000 });
    await expect(notice).toHaveCount(0);
    expect(sandboxRunning(id)).toBe(true);
});

test('a sandbox that comes back after a crash is reconnected to by its open tab by itself', async ({ page }) => {
    await signIn(page, LEO);
    const id = await createAndOpen(page, 'crash-and-back');
    execFileSync('docker', ['kill', containerName(id)]);
    await expect(page.locator('#sandbox-notice')).toContainText('This workspace was stopped', { timeout: 30_000 });
    const opened = await page.request.post(`/api/workspaces/${id}/open`, { headers: { origin: BASE_URL } });
    expect(opened.status(), await opened.text()).toBe(200);
    await waitForTheiaShell(page);
    await expect(page.locator('#sandbox-notice')).toHaveCount(0, { timeout: 30_000 });
    await expect(page.locator('#status-bar-sandbox-status')).toBeVisible({ timeout: 60_000 });
});

test('a tab whose workspace was deleted says so', async ({ page }) => {
    await signIn(page, LEO);
    const id = await createAndOpen(page, 'to-be-deleted');
    expect((await page.request.delete(`/api/workspaces/${id}`, { headers: { origin: BASE_URL } })).status()).toBe(200);
    await expect(page.locator('#sandbox-notice')).toContainText('This workspace was deleted.', { timeout: 30_000 });
    await expect(page.locator('#sandbox-notice').getByRole('button', { name: 'Start' })).toBeHidden();
});

test('opening shows the start\'s steps; before an idle stop the IDE warns, and Keep working keeps it', async ({ page }) => {
    await signIn(page, LEO);
    await page.selectOption('select[name=profile]', 'quick');
    const id = await createWorkspace(page, 'idle-warning');
    await page.goto(`/w/${id}/`);
    await expect(page.locator('#workspace-status')).toHaveText('Starting its sandbox…');
    await expect(page.locator('#steps li').first()).toContainText('queued');
    await waitForTheiaShell(page);
    const warning = page.locator('.theia-notification-toasts .theia-notification-list-item', { hasText: /This workspace stops in \d+ minutes?/ });
    await expect(warning).toBeVisible({ timeout: 60_000 });
    await warning.getByRole('button', { name: 'Keep working' }).click();
    // Asked from the page: its origin is the workspace's (*.localhost is the browser's loopback, not Node's).
    const untilStop = await page.evaluate(async () => Date.parse((await (await fetch('/.gateway/status')).json()).idleStopAt) - Date.now());
    expect(untilStop).toBeGreaterThan(45_000);
});

test('the terminals of a closed tab are ended after the reconnect window', async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, LEO);
    const id = await createAndOpen(page, 'closed-tab', 'quick');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: workspaceOrigin(id) });
    await openTerminal(page);
    expect(shellsIn(id)).toBeGreaterThan(0);
    await context.close();
    await expect.poll(() => shellsIn(id), { timeout: 90_000, intervals: [2000] }).toBe(0);
});
