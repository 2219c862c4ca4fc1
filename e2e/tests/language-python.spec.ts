import { expect, test } from '@playwright/test';
import { goToLine, openFile, openView, tokenClasses } from './editor';
import { createUsers, createWorkspace, openIde, signIn, startSandbox, writeWorkspaceFile } from './ide-session';

const USER = { username: 'lin-python', password: 'lin-python-e2e-password' };

test.beforeAll(async ({ request }) => createUsers(request, [USER]));

const APP_PY = `import os


def greet(name: str) -> str:
    return "hello " + name


greet(42)
`;

test('Python: coloured tokens, a type diagnostic and completion from basedpyright', async ({ page }, testInfo) => {
    await signIn(page, USER);
    const workspaceId = await createWorkspace(page, 'py-project');
    await startSandbox(page, workspaceId);
    writeWorkspaceFile(workspaceId, 'app.py', APP_PY);
    await openIde(page, workspaceId);

    const editor = await openFile(page, 'app.py');
    await expect.poll(async () => (await tokenClasses(editor)).length, { message: 'TextMate highlighting' }).toBeGreaterThanOrEqual(4);
    await expect(editor.locator('.squiggly-error').first()).toBeVisible({ timeout: 60_000 });
    await openView(page, 'Problems');
    await expect(page.locator('#problems')).toContainText('cannot be assigned to parameter "name"');

    await goToLine(page, editor, 9, 1);
    await page.keyboard.type('os.pat');
    const suggestions = page.locator('.suggest-widget.visible');
    await expect(suggestions).toBeVisible({ timeout: 30_000 });
    await expect(suggestions.locator('.monaco-list-row', { hasText: 'path' }).first()).toBeVisible();
    await page.keyboard.press('Escape');

    await page.screenshot({ path: testInfo.outputPath('python.png') });
    await testInfo.attach('python', { path: testInfo.outputPath('python.png'), contentType: 'image/png' });
});
