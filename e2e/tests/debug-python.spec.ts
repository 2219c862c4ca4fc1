import { expect, test } from '@playwright/test';
import { chooseFromMenu, goToLine, openFile, openView } from './editor';
import { createUsers, createWorkspace, openIde, signIn, startSandbox, writeWorkspaceFile } from './ide-session';

const USER = { username: 'dee-debug', password: 'dee-debug-e2e-password' };

test.beforeAll(async ({ request }) => createUsers(request, [USER]));

const CALC_PY = `def total(values):
    result = sum(values)
    return result


answer = total([20, 22])
print("answer is", answer)
`;

const LAUNCH_JSON = JSON.stringify({
    version: '0.2.0',
    configurations: [{ type: 'python', request: 'launch', name: 'Run calc', program: '${workspaceFolder}/calc.py', console: 'internalConsole' }]
}, undefined, 2);

test('Python debugging: a breakpoint is hit and a variable\'s value is shown', async ({ page }, testInfo) => {
    await signIn(page, USER);
    const workspaceId = await createWorkspace(page, 'debug-project');
    await startSandbox(page, workspaceId);
    writeWorkspaceFile(workspaceId, 'calc.py', CALC_PY);
    writeWorkspaceFile(workspaceId, '.vscode/launch.json', LAUNCH_JSON);
    await openIde(page, workspaceId);

    const editor = await openFile(page, 'calc.py');
    await goToLine(page, editor, 3, 5);
    await page.keyboard.press('F9');
    await expect(editor.locator('.codicon-debug-breakpoint').first()).toBeVisible();

    await openView(page, 'Debug');
    await expect(page.locator('#debug')).toContainText('Run calc');
    await chooseFromMenu(page, 'Run', 'Start Debugging');

    await expect(editor.locator('.codicon-debug-stackframe').first()).toBeVisible({ timeout: 60_000 });
    const variables = page.locator('.theia-debug-console-variable', { hasText: 'result' });
    await expect(variables.first()).toBeVisible({ timeout: 30_000 });
    await expect(variables.first().locator('.value')).toHaveText('42');

    await page.screenshot({ path: testInfo.outputPath('debug-python.png') });
    await testInfo.attach('debug-python', { path: testInfo.outputPath('debug-python.png'), contentType: 'image/png' });

    await page.keyboard.press('F5');
    await expect(page.locator('.theia-debug-console-variable', { hasText: 'result' })).toHaveCount(0, { timeout: 30_000 });
});
