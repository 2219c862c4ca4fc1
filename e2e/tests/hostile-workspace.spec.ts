import { expect, test } from '@playwright/test';
import { hostileInBackground } from '@ide/test-support';
import { ADMIN_PASSWORD, BASE_URL } from '../playwright.config';
import { containerName, createWorkspace, signIn, startSandbox, workspaceOrigin } from './ide-session';

/**
 * Code in a sandbox can serve any page on its workspace's origin (here: a process that dials the
 * IDE tunnel itself and answers every request). Opened by its owner, an admin, in real Chromium,
 * that page tries to act with the owner's session on the gateway. Nothing it tries may work.
 */
const attackPage = (gateway: string): string => `<!doctype html><html><body><pre id="results">running</pre><script>
const gateway = ${JSON.stringify(gateway)};
const attempt = async (name, run) => {
    try { return [name, String(await run())]; } catch (error) { return [name, 'failed: ' + error.message]; }
};
const post = (path, body) => fetch(gateway + path, { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(response => response.status);
const formPost = (path, fields) => new Promise(resolve => {
    const frame = document.createElement('iframe');
    frame.name = 'f' + Math.random();
    document.body.append(frame);
    const form = document.createElement('form');
    form.method = 'POST'; form.action = gateway + path; form.target = frame.name;
    for (const [key, value] of Object.entries(fields)) { const input = document.createElement('input'); input.name = key; input.value = value; form.append(input); }
    document.body.append(form);
    frame.onload = () => resolve('submitted');
    form.submit();
    setTimeout(() => resolve('no load'), 3000);
});
Promise.all([
    attempt('token', () => post('/api/tokens', { name: 'stolen-by-page' })),
    attempt('admin', () => post('/api/admin/users', { username: 'evil', password: 'evil-password-123', isAdmin: true })),
    attempt('read-me', () => fetch(gateway + '/api/me', { credentials: 'include' }).then(response => response.text())),
    attempt('no-cors-token', () => fetch(gateway + '/api/tokens', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: 'name=stolen-no-cors' }).then(response => response.type)),
    attempt('form-token', () => formPost('/api/tokens', { name: 'stolen-by-form' })),
    attempt('form-admin', () => formPost('/api/admin/users', { username: 'evil2', password: 'evil-password-123', isAdmin: 'true' })),
    attempt('mcp', () => fetch(gateway + '/mcp', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: '{}' }).then(response => response.status)),
    attempt('cookies', () => document.cookie)
]).then(results => { document.getElementById('results').textContent = JSON.stringify(Object.fromEntries(results)); });
</script></body></html>`;

test('a page served from inside the sandbox cannot act as its owner on the gateway', async ({ page }) => {
    await signIn(page, { username: 'admin', password: ADMIN_PASSWORD });
    const workspaceId = await createWorkspace(page, 'hostile-page');
    await startSandbox(page, workspaceId);
    const attack = await hostileInBackground(containerName(workspaceId), 'serve', 'ide', `page:${Buffer.from(attackPage(BASE_URL)).toString('base64')}`, '40');
    try {
        await page.waitForTimeout(1000);
        await page.goto(`/w/${workspaceId}/`);
        expect(new URL(page.url()).origin).toBe(workspaceOrigin(workspaceId));
        await expect(page.locator('#results')).not.toHaveText('running', { timeout: 30_000 });
        const results = JSON.parse(await page.locator('#results').textContent() ?? '{}') as Record<string, string>;
        for (const name of ['token', 'admin', 'read-me', 'mcp']) {
            expect(results[name], name).toMatch(/^(403|failed: .*)$/);
        }
        expect(results.cookies, 'the page sees none of the gateway\'s cookies').not.toMatch(/ide_/);
    } finally {
        await attack.stop();
    }
    const tokens = await (await page.request.get('/api/tokens')).json() as { tokens: { name: string }[] };
    expect(tokens.tokens.map(token => token.name).filter(name => name.includes('stolen'))).toEqual([]);
    const users = await (await page.request.get('/api/admin/users')).json() as { users: { username: string }[] };
    expect(users.users.map(user => user.username)).not.toContain('evil');
    expect(users.users.map(user => user.username)).not.toContain('evil2');
    await page.request.delete(`/api/workspaces/${workspaceId}`, { headers: { origin: BASE_URL } });
});
