import { expect, test } from '@playwright/test';
import { makeVsix } from '@ide/test-support';
import { ADMIN_PASSWORD, BASE_URL, GIT_URL, GIT_USER, PORT } from '../playwright.config';
import { createUsers, signIn, waitForTheiaShell } from './ide-session';
import { runFromCommandPalette } from './editor';

const GIA = { username: 'gia', password: 'gia-e2e-password' };
const GIL = { username: 'gil', password: 'gil-e2e-password' };
const DEVCONTAINER_EXTENSION = {
    publisher: 'ide-e2e', name: 'devcontainer-hello', displayName: 'Devcontainer Hello',
    command: { id: 'devcontainerHello.sayHello', title: 'Devcontainer Hello: Say Hello', message: 'Hello from the devcontainer\'s extension' }
};
const gitHost = `127.0.0.1:${new URL(GIT_URL).port}`;

test.beforeAll(async ({ request }) => {
    await createUsers(request, [GIA, GIL]);
});

test.afterEach(async ({ page }) => {
    const { workspaces } = await (await page.request.get('/api/workspaces')).json() as { workspaces: { id: string }[] };
    for (const { id } of workspaces) {
        await page.request.delete(`/api/workspaces/${id}`, { headers: { origin: `http://127.0.0.1:${PORT}` } });
    }
});

test('a private repository: the token is stored on the dashboard, the clone is shown as it happens, the IDE opens on its files', async ({ page }) => {
    await signIn(page, GIA);
    await page.getByLabel('Host', { exact: true }).fill(gitHost);
    await page.getByLabel('Username', { exact: true }).fill(GIT_USER.username);
    await page.getByLabel('Token', { exact: true }).fill(GIT_USER.token);
    await page.getByRole('button', { name: 'Store token' }).click();
    await expect(page.getByRole('status')).toContainText(`Token for ${gitHost} stored`);
    await expect(page.locator('tr[data-git-credential]')).toContainText(gitHost);
    expect(await page.content()).not.toContain(GIT_USER.token);

    await page.fill('input[name=name]', 'team-app');
    await page.getByLabel('Git repository').fill(`${GIT_URL}/team-app.git`);
    await page.click('button:has-text("Create")');
    await expect(page.getByRole('status')).toContainText('Created team-app: opening it clones the repository');
    await page.locator('tr', { hasText: 'team-app' }).getByRole('button', { name: 'Open' }).click();
    await expect(page.locator('#steps')).toContainText(`cloning ${GIT_URL}/team-app.git`, { timeout: 30_000 });
    await waitForTheiaShell(page);
    await expect(page.locator('#theia-statusBar')).toContainText('main', { timeout: 60_000 });
    await page.keyboard.press('Control+P');
    await page.keyboard.type('app.ts');
    await expect(page.locator('.quick-input-list .monaco-list-row', { hasText: 'app.ts' })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.locator('.monaco-editor .view-lines').first()).toContainText('export const team = "app";');
});

test('a bad URL, a missing repository and a private one without a token are refused on the dashboard, clearly', async ({ page }) => {
    await signIn(page, GIL);
    for (const [url, message] of [
        ['git@github.com:owner/repo.git', 'is not a URL'],
        [`${GIT_URL}/absent.git`, 'there is no Git repository at that URL'],
        [`${GIT_URL}/team-app.git`, `${gitHost} refused access to the repository: store a token for ${gitHost}`]
    ]) {
        await page.goto('/');
        await page.fill('input[name=name]', 'refused');
        await page.getByLabel('Git repository').evaluate((input, value) => { (input as HTMLInputElement).type = 'text'; (input as HTMLInputElement).value = value; }, url);
        await page.click('button:has-text("Create")');
        await expect(page.getByText(message)).toBeVisible();
    }
    const { workspaces } = await (await page.request.get('/api/workspaces')).json() as { workspaces: unknown[] };
    expect(workspaces).toHaveLength(0);
});

test('a repository\'s devcontainer.json: its post-create command ran, its forwarded port is offered in the IDE, its extension installed from the registry, what is ignored is said', async ({ page, request }) => {
    await request.post('/login', { data: { username: 'admin', password: ADMIN_PASSWORD } });
    const uploaded = await request.post('/api/admin/extensions', { data: makeVsix(DEVCONTAINER_EXTENSION), headers: { origin: BASE_URL, 'content-type': 'application/octet-stream' } });
    expect([201, 409], await uploaded.text()).toContain(uploaded.status());
    await signIn(page, GIL);
    await page.fill('input[name=name]', 'devcontainer');
    await page.getByLabel('Git repository').fill(`${GIT_URL}/with-devcontainer.git`);
    await page.click('button:has-text("Create")');
    const row = page.locator('tr', { hasText: 'devcontainer' });
    await row.getByRole('button', { name: 'Open' }).click();
    await waitForTheiaShell(page);
    await page.keyboard.press('Control+Shift+P');
    await page.keyboard.type('Ports: Open a Port in the Browser');
    await page.keyboard.press('Enter');
    await expect(page.locator('.quick-input-list .monaco-list-row', { hasText: 'Port 4321' })).toContainText('forwarded by devcontainer.json, nothing listens yet');
    await page.keyboard.press('Escape');
    await runFromCommandPalette(page, DEVCONTAINER_EXTENSION.command.title);
    await expect(page.locator('.theia-notification-toasts .theia-notification-list-item', { hasText: DEVCONTAINER_EXTENSION.command.message })).toBeVisible({ timeout: 30_000 });

    await page.goto('/');
    await expect.poll(async () => {
        const { workspaces } = await (await page.request.get('/api/workspaces')).json() as { workspaces: { devcontainer?: { postCreate?: { state: string } } }[] };
        return workspaces[0]?.devcontainer?.postCreate?.state;
    }, { timeout: 60_000 }).toBe('succeeded');
    await page.reload();
    await row.locator('summary', { hasText: 'devcontainer.json' }).click();
    await expect(row.locator('details.devcontainer')).toContainText('postCreateCommand done (exit 0)');
    await expect(row.locator('details.devcontainer')).toContainText('not supported here, ignored: features');
    await expect(row.locator('details.devcontainer')).toContainText('extensions ide-e2e.devcontainer-hello: installed from this server\'s registry');
    await expect(row.locator('details.devcontainer')).toContainText('extensions someone.not-uploaded: not in this server\'s registry');
});
