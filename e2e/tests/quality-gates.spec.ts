import { expect, test } from '@playwright/test';
import { openView } from './editor';
import { createUsers, createWorkspace, openIde, readWorkspaceFile, signIn, startSandbox, writeWorkspaceFile } from './ide-session';

const USER = { username: 'quinn-gates', password: 'quinn-gates-e2e-password' };

// A fake AWS access key id, assembled so that this file holds no secret-shaped string.
const FAKE_AWS_KEY = 'AKIA' + 'QG7E2ETESTK3YW5N';

test.beforeAll(async ({ request }) => createUsers(request, [USER]));

test('Quality Gates view: run all, see a failing secret scan with its finding, open it in the editor and the Problems view', async ({ page }, testInfo) => {
    await signIn(page, USER);
    const workspaceId = await createWorkspace(page, 'gates-project');
    await startSandbox(page, workspaceId);
    writeWorkspaceFile(workspaceId, 'README.md', '# Gates demo\n');
    writeWorkspaceFile(workspaceId, 'src/config.ts', `export const config = {\n    region: 'eu-west-1',\n    accessKeyId: '${FAKE_AWS_KEY}'\n};\n`);
    writeWorkspaceFile(workspaceId, '.ide/gates.json', JSON.stringify({
        gates: [{ kind: 'command', name: 'readme', command: 'test -f README.md' }]
    }, undefined, 2));

    await openIde(page, workspaceId);
    await openView(page, 'Quality Gates');
    const view = page.locator('#quality-gates');
    await expect(view).toBeVisible();
    await expect(view.locator('li.qg-gate[data-gate="readme"]')).toBeVisible();

    await view.getByRole('button', { name: 'Run all quality gates' }).click();
    const secretScan = view.locator('li.qg-gate[data-gate="secret-scan"]');
    await expect(secretScan).toHaveAttribute('aria-label', 'secret-scan: fail', { timeout: 60_000 });
    await expect(view.locator('li.qg-gate[data-gate="readme"]')).toHaveAttribute('aria-label', 'readme: pass');
    await expect(view.locator('li.qg-gate[data-gate="tests-not-deleted"]')).toHaveAttribute('aria-label', 'tests-not-deleted: skipped');
    await expect(view.getByRole('status')).toContainText('Last run: fail');

    const finding = secretScan.locator('.qg-finding', { hasText: 'src/config.ts:3:19' });
    await expect(finding).toContainText('found AWS Access Key ID: AKIA****************');
    await expect(view).not.toContainText(FAKE_AWS_KEY);

    await secretScan.getByRole('button', { name: 'Log of secret-scan' }).click();
    await expect(secretScan.locator('pre.qg-log')).toContainText('files scanned');

    await finding.click();
    await expect(page.locator('#theia-main-content-panel .lm-TabBar-tab', { hasText: 'config.ts' })).toBeVisible();
    await expect(page.locator('#theia-main-content-panel .monaco-editor .view-lines').first()).toContainText('accessKeyId');
    await expect(page.locator('#theia-statusBar')).toContainText('Ln 3, Col 19');

    await openView(page, 'Problems');
    await expect(page.locator('#problems')).toContainText('found AWS Access Key ID');

    await page.screenshot({ path: testInfo.outputPath('quality-gates.png') });
    await testInfo.attach('quality-gates', { path: testInfo.outputPath('quality-gates.png'), contentType: 'image/png' });

    const history = JSON.parse(readWorkspaceFile(workspaceId, '.ide/gates/history.json'));
    expect(history.runs[0].status).toBe('fail');
    expect(history.runs[0].gates.map((gate: { gate: string; status: string }) => `${gate.gate}:${gate.status}`))
        .toEqual(['readme:pass', 'secret-scan:fail', 'tests-not-deleted:skipped']);
});
