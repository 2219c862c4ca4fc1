import { expect, Page, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { openView, runFromCommandPalette } from './editor';
import {
    containerName, createUsers, createWorkspace, openIde, readWorkspaceFile, signIn, startSandbox, writeWorkspaceFile
} from './ide-session';

const USER = { username: 'mnemosyne', password: 'mnemosyne-e2e-password' };

/** A word that exists nowhere but in the body of the entry the test adds. */
const BODY_WORD = 'quetzalfrond';

test.beforeAll(async ({ request }) => createUsers(request, [USER]));

async function openMemoryView(page: Page): Promise<void> {
    await openView(page, 'Memory');
    await expect(page.locator('#memory-view')).toBeVisible();
}

function listMemoryFiles(workspaceId: string): string[] {
    return execFileSync('docker', ['exec', containerName(workspaceId), 'ls', '/workspace/.ide/memory']).toString().split('\n').filter(Boolean);
}

test('add a memory entry in the Memory view, find it by a word of its body, and find a README section', async ({ page }, testInfo) => {
    await signIn(page, USER);
    const workspaceId = await createWorkspace(page, 'memory-e2e');
    await startSandbox(page, workspaceId);
    writeWorkspaceFile(workspaceId, 'README.md', '# Memory E2E\n\nAn example project.\n\n## Deployment\n\nShip it with the flamingo pipeline.\n');
    await openIde(page, workspaceId);

    await openMemoryView(page);
    const view = page.locator('#memory-view');
    await view.getByRole('button', { name: 'Add Entry' }).click();
    const form = view.getByRole('form', { name: 'New memory entry' });
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByRole('alert')).toContainText('title: must not be empty');
    await form.getByLabel('Kind').selectOption('decision');
    await form.getByLabel('Title').fill('Deploy only from main');
    await form.getByLabel('Tags').fill('release, ci');
    await form.getByLabel('Links').fill('README.md:5');
    await form.getByLabel('Body').fill(`Releases are cut from main by the ${BODY_WORD} job; never from a branch.`);
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form).toHaveCount(0);

    const files = listMemoryFiles(workspaceId);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^deploy-only-from-main-[a-z0-9]{6}\.md$/);
    const onDisk = readWorkspaceFile(workspaceId, `.ide/memory/${files[0]}`);
    expect(onDisk).toMatch(/^---\nkind: decision\ntitle: Deploy only from main\ntags:\n {2}- release\n {2}- ci\n/);
    expect(onDisk).toContain(`by the ${BODY_WORD} job`);

    const search = view.getByLabel('Search memory');
    await search.click();
    await search.pressSequentially(BODY_WORD.slice(0, 8), { delay: 40 });
    const hit = view.locator('.memory-hit', { hasText: 'Deploy only from main' });
    await expect(hit).toHaveCount(1);
    await expect(hit.locator('.memory-hit-snippet mark')).toHaveText(BODY_WORD);
    await expect(view.locator('.memory-hit')).toHaveCount(1);
    await expect(hit.locator('.memory-kind-badge')).toHaveText('decision');
    await page.screenshot({ path: testInfo.outputPath('memory-view.png') });
    await testInfo.attach('memory view', { path: testInfo.outputPath('memory-view.png'), contentType: 'image/png' });

    await search.fill('flamingo');
    const docHit = view.locator('.memory-hit[data-kind="doc"]', { hasText: 'Deployment' });
    await expect(docHit).toHaveCount(1);
    await expect(docHit.locator('.memory-hit-snippet mark')).toHaveText('flamingo');
    await expect(docHit.locator('.memory-hit-where')).toHaveText('README.md:5');
    await docHit.locator('.memory-hit-title').click();
    await expect(page.locator('#theia-main-content-panel .lm-TabBar-tab', { hasText: 'README.md' })).toBeVisible();
    await expect(page.locator('.monaco-editor .view-lines').first()).toContainText('Ship it with the flamingo pipeline.');

    writeWorkspaceFile(workspaceId, '.ide/memory/broken-e2e.md', '---\nkind: [oops\n---\n');
    const problems = view.getByRole('region', { name: 'Memory problems' });
    await expect(problems).toContainText('.ide/memory/broken-e2e.md');
    await expect(problems).toContainText('invalid YAML front matter');

    await search.fill(BODY_WORD);
    await hit.getByRole('button', { name: 'Delete Deploy only from main' }).click();
    await page.locator('.dialogBlock').getByRole('button', { name: 'Delete' }).click();
    await expect(view.locator('.memory-hit')).toHaveCount(0);
    await expect(view.getByRole('status')).toHaveText('No results.');
    expect(listMemoryFiles(workspaceId)).toEqual(['broken-e2e.md']);

    await page.locator('#theia-main-content-panel .monaco-editor').first().click();
    // The config's expect timeout, as this step had before the helper: the extension's commands are listed by now.
    await runFromCommandPalette(page, 'Memory: Search', 30_000);
    await expect(search).toBeFocused();
});
