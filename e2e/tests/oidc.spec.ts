import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ADMIN_PASSWORD, BASE_URL, OIDC_ISSUER, OIDC_NAME, PROFILES_FILE } from '../playwright.config';

interface ProviderAccount {
    login: string;
    password: string;
    sub: string;
}

const ACCOUNTS = JSON.parse(readFileSync('oidc-accounts.json', 'utf8')) as ProviderAccount[];
const account = (login: string): ProviderAccount => ACCOUNTS.find(candidate => candidate.login === login)!;
/** Provider groups "/GPU Lab" become our group "gpu-lab". */
const GPU_PROFILE = 'gpu-lab-only';

/** A profile only members of the provider's "/GPU Lab" group may use. */
async function addGroupProfile(request: APIRequestContext): Promise<void> {
    const current = readFileSync(PROFILES_FILE, 'utf8');
    if (new RegExp(`^ {2}${GPU_PROFILE}:$`, 'm').test(current)) {
        return;
    }
    await request.post('/login', { data: { username: 'admin', password: ADMIN_PASSWORD } });
    const yaml = `${current.trimEnd()}
  ${GPU_PROFILE}:
    description: for the GPU lab (the single sign-on tests)
    image: ide-sandbox-base:latest
    allowedGroups: [gpu-lab]
`;
    const saved = await request.put('/api/admin/profiles', { data: { yaml }, headers: { origin: BASE_URL } });
    expect(saved.status(), await saved.text()).toBe(200);
}

/** From the gateway's login page through the provider's own login and consent pages, back to the dashboard. */
async function signInWithProvider(page: Page, login: string): Promise<void> {
    await page.goto('/login');
    await page.getByRole('link', { name: `Sign in with ${OIDC_NAME}` }).click();
    await expect(page).toHaveURL(new RegExp(`^${OIDC_ISSUER}/interaction/`));
    await expect(page.getByRole('heading', { name: 'Test provider: sign in' })).toBeVisible();
    await page.getByLabel('Login').fill(login);
    await page.getByLabel('Password').fill(account(login).password);
    await page.getByRole('button', { name: 'Sign in at the provider' }).click();
    await expect(page.getByRole('heading', { name: /Test provider: authorize/ })).toBeVisible();
    await expect(page.getByText('It asks for: openid profile email groups')).toBeVisible();
    await page.getByRole('button', { name: 'Allow' }).click();
    await expect(page).toHaveURL(`${BASE_URL}/`);
    await expect(page.getByRole('heading', { name: 'Workspaces' })).toBeVisible();
    await expect(page.locator('header')).toContainText(login);
}

const profileOptions = (page: Page): Promise<string[]> => page.locator('select[name=profile] option').evaluateAll(options => options.map(option => (option as HTMLOptionElement).value));

test.beforeAll(async ({ request }) => addGroupProfile(request));

test('single sign-on: provider login and consent, groups gate a profile, the admin group makes an admin, sign-out ends both sessions', async ({ page, browser }) => {
    await signInWithProvider(page, 'olivia');
    expect(await profileOptions(page)).toContain(GPU_PROFILE);
    await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
    await page.fill('input[name=name]', 'gpu-work');
    await page.selectOption('select[name=profile]', GPU_PROFILE);
    await page.click('button:has-text("Create")');
    await expect(page.getByRole('status')).toContainText('Created gpu-work');
    await expect(page.locator('tr', { hasText: 'gpu-work' })).toContainText(GPU_PROFILE);

    const patContext = await browser.newContext();
    const patPage = await patContext.newPage();
    await signInWithProvider(patPage, 'pat');
    expect(await profileOptions(patPage)).not.toContain(GPU_PROFILE);
    const refused = await patPage.request.post('/api/workspaces', { data: { name: 'sneaky', profile: GPU_PROFILE }, headers: { origin: BASE_URL } });
    expect(refused.status()).toBe(400);
    await patContext.close();

    const quinnContext = await browser.newContext();
    const quinnPage = await quinnContext.newPage();
    await signInWithProvider(quinnPage, 'quinn');
    await expect(quinnPage.locator('header')).toContainText('quinn (admin)');
    await quinnPage.getByRole('link', { name: 'Admin' }).click();
    const olivia = quinnPage.locator('tr[data-user="olivia"]');
    await expect(olivia.locator('.user-origin')).toContainText('single sign-on');
    await expect(olivia.locator('.user-origin')).toContainText(OIDC_ISSUER);
    await expect(olivia.locator('.user-origin')).toContainText(account('olivia').sub);
    await expect(olivia.locator('.last-sign-in')).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d/);
    await expect(olivia).toContainText('groups: gpu-lab, staff');
    await expect(olivia.getByLabel('New password for olivia')).toHaveCount(0);
    await expect(quinnPage.locator('tr[data-user="admin"] .user-origin')).toHaveText('local');
    await quinnContext.close();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(new RegExp(`^${OIDC_ISSUER}/session/end`));
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
    await page.getByRole('link', { name: `Sign in with ${OIDC_NAME}` }).click();
    await expect(page.getByRole('heading', { name: 'Test provider: sign in' }), 'the provider\'s session ended too').toBeVisible();
});
