import { expect, test } from '@playwright/test';
import { focusEditor, openFile, openView } from './editor';
import { createUsers, createWorkspace, openIde, signIn, startSandbox, workspaceOrigin, writeWorkspaceFile } from './ide-session';
import { execInSandbox } from './sandbox-exec';
import { openTerminal, readTerminal, runInTerminal } from './terminal';

const USER = { username: 'sam-scm', password: 'sam-scm-e2e-password' };

test.beforeAll(async ({ request }) => createUsers(request, [USER]));

test('Source Control: an edited file is listed, staged and committed from the view; git log in the terminal shows the commit', async ({ page, context }, testInfo) => {
    await signIn(page, USER);
    const workspaceId = await createWorkspace(page, 'git-project');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: workspaceOrigin(workspaceId) });
    await startSandbox(page, workspaceId);
    writeWorkspaceFile(workspaceId, 'notes.md', '# Notes\n');
    execInSandbox(workspaceId, `git init -q -b main && git config user.name 'Sam' && git config user.email sam@example.test
        git add notes.md && git commit -qm 'First notes'`);
    await openIde(page, workspaceId);

    const editor = await openFile(page, 'notes.md');
    await focusEditor(editor);
    await page.keyboard.press('Control+End');
    await page.keyboard.type('Written in the IDE.');
    await page.keyboard.press('Control+s');
    await expect(page.locator('#theia-main-content-panel .lm-TabBar-tab.theia-mod-dirty')).toHaveCount(0);

    await openView(page, 'Source Control');
    const scm = page.locator('#scm-view');
    const changed = scm.locator('.scmItem', { hasText: 'notes.md' });
    await expect(changed).toBeVisible({ timeout: 60_000 });
    await changed.hover();
    await changed.locator('[title="Stage Changes"]').click();
    await expect(scm.locator('.theia-header', { hasText: 'Staged Changes' })).toBeVisible();

    await scm.locator('#theia-scm-input-message').fill('Edit notes from the Source Control view');
    await scm.locator('#theia-scm-input-message').press('Control+Enter');
    await expect(changed).toHaveCount(0, { timeout: 30_000 });

    await openTerminal(page);
    await runInTerminal(page, 'git log --oneline');
    await expect.poll(() => readTerminal(page), { timeout: 30_000 }).toMatch(/[0-9a-f]{7} (\(HEAD -> main\) )?Edit notes from the Source Control view\s*\n[0-9a-f]{7} First notes/);

    await page.screenshot({ path: testInfo.outputPath('source-control.png') });
    await testInfo.attach('source-control', { path: testInfo.outputPath('source-control.png'), contentType: 'image/png' });
});
