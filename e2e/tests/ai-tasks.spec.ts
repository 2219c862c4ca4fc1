import { expect, test } from '@playwright/test';
import { BASE_URL } from '../playwright.config';
import { openView } from './editor';
import { createUsers, createWorkspace, openIde, readWorkspaceFile, signIn, startSandbox, writeWorkspaceFile } from './ide-session';

const USER = { username: 'tasha-tasks', password: 'tasha-tasks-e2e-password' };

test.beforeAll(async ({ request }) => createUsers(request, [USER]));

test('AI Tasks view: start a task, watch its steps stream, open the diff, apply, see the file changed in the editor', async ({ page }, testInfo) => {
    await signIn(page, USER);
    const workspaceId = await createWorkspace(page, 'tasks-project');
    await startSandbox(page, workspaceId);
    writeWorkspaceFile(workspaceId, 'greeting.txt', 'hello\n');
    writeWorkspaceFile(workspaceId, '.ide/gates.json', JSON.stringify({
        gates: [{ kind: 'command', name: 'says-hello-world', command: 'grep -q "hello world" greeting.txt' }]
    }, undefined, 2));

    await openIde(page, workspaceId);
    await openView(page, 'AI Tasks');
    const view = page.locator('#ai-tasks');
    await expect(view).toBeVisible();
    await expect(view.getByRole('combobox', { name: 'Model' })).toHaveValue('claude-sonnet-5');
    await expect(view.getByRole('alert')).toHaveCount(0);

    await view.getByRole('textbox', { name: 'Task' }).fill('Make greeting.txt say hello world. script:e2e-greeting');
    await view.getByRole('spinbutton', { name: 'Budget (US dollars)' }).fill('0.5');
    await view.getByRole('button', { name: 'Start task' }).click();

    const detail = view.getByRole('region', { name: 'Task details' });
    const status = detail.locator('[aria-label="Task status"]');
    await expect(view.getByRole('listbox', { name: 'Tasks' }).getByRole('option')).toHaveCount(1);
    // the steps stream in: the first thought, the tool call and its result, then the edit
    const steps = detail.getByRole('list', { name: 'Steps' });
    await expect(steps.locator('.ait-step[data-kind="thought"]').first()).toContainText('I will read the greeting first');
    await expect(steps.locator('.ait-step[data-kind="tool-call"][data-tool="read_text_file"]')).toContainText('greeting.txt');
    await expect(steps.locator('.ait-step[data-kind="tool-result"][data-tool="read_text_file"]')).toContainText('hello');
    await expect(steps.locator('.ait-step[data-kind="tool-call"][data-tool="edit_file"]')).toContainText('hello world');
    await expect(status).toContainText('awaiting review', { timeout: 60_000 });
    await expect(detail.locator('.ait-tokens')).toHaveText('4,400 in / 200 out');
    await expect(detail.locator('.ait-cost')).toContainText('of $0.50');
    expect(readWorkspaceFile(workspaceId, 'greeting.txt')).toBe('hello\n');

    const file = detail.locator('.ait-file[data-path="greeting.txt"]');
    await expect(file).toHaveAttribute('data-change', 'modified');
    await expect(file.getByRole('checkbox', { name: 'Accept greeting.txt' })).toBeChecked();
    await file.getByRole('button', { name: 'Open diff of greeting.txt' }).click();
    const diffEditor = page.locator('#theia-main-content-panel .monaco-diff-editor');
    await expect(diffEditor).toBeVisible();
    await expect(page.locator('#theia-main-content-panel .lm-TabBar-tab', { hasText: 'greeting.txt' })).toBeVisible();
    await expect(diffEditor.locator('.modified .view-lines')).toContainText('hello world');
    await expect(diffEditor.locator('.original .view-lines')).toContainText('hello');
    await page.screenshot({ path: testInfo.outputPath('ai-task-diff.png') });

    await detail.getByRole('button', { name: 'Apply accepted files' }).click();
    await expect(status).toContainText('applied', { timeout: 60_000 });
    await expect(detail.locator('.ait-gates-outcome')).toHaveText('pass');
    await expect(detail.locator('.ait-gate[data-gate="says-hello-world"]')).toHaveAttribute('aria-label', 'says-hello-world: pass');
    expect(readWorkspaceFile(workspaceId, 'greeting.txt')).toBe('hello world\n');
    // the task's scratch copy is gone, and so is its diff editor
    await expect(page.locator('#theia-main-content-panel .lm-TabBar-tab', { hasText: 'AI task' })).toHaveCount(0);

    await file.getByRole('button', { name: 'Open greeting.txt' }).click();
    await expect(page.locator('#theia-main-content-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel')).toHaveText('greeting.txt');
    const editor = page.locator('#theia-main-content-panel .monaco-editor .view-lines:visible');
    await expect(editor).toHaveCount(1);
    await expect(editor).toContainText('hello world');
    await page.screenshot({ path: testInfo.outputPath('ai-task-applied.png') });
    await testInfo.attach('ai-task-applied', { path: testInfo.outputPath('ai-task-applied.png'), contentType: 'image/png' });

    // audited in the workspace and with the gateway
    const taskId = await detail.getAttribute('data-task-id');
    const record = JSON.parse(readWorkspaceFile(workspaceId, `.ide/tasks/${taskId}.json`));
    expect(record).toMatchObject({ outcome: 'applied', model: 'claude-sonnet-5', gates: 'pass', usage: { turns: 3, inputTokens: 4400, outputTokens: 200 } });
    expect(readWorkspaceFile(workspaceId, '.ide/.gitignore')).toContain('/tasks/');
    await expect.poll(async () => {
        const response = await page.request.get('/api/tasks', { headers: { origin: BASE_URL } });
        const tasks = (await response.json()).tasks as { taskId: string; outcome: string; gates: string }[];
        return tasks.find(task => task.taskId === taskId);
    }, { timeout: 15_000 }).toMatchObject({ outcome: 'applied', gates: 'pass', turns: 3 });
});
