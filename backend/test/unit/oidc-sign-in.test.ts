import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Gateway } from '../../src/gateway.js';
import { ClientMetadata } from 'oidc-provider';
import { FakeSandboxes } from '../fake-sandboxes.js';
import { ADMIN_PASSWORD, Client, startTestGateway, testConfig, userAdmin } from '../helpers.js';
import { SignInBrowser } from '../oidc-browser.js';
import { decodeJwt, freePort, gatewayClient, signJwt, TestAccount, TestOpenIdProvider } from '../oidc-provider.js';

const CLIENT_ID = 'sandbox-ide';
const CLIENT_SECRET = 'client-secret-for-tests-only';
const SESSION_HOURS = 2;

const account = (name: string, fields: Partial<TestAccount> = {}): TestAccount => ({
    sub: `sub-${name}-0001`, login: name, password: `${name}-provider-password`, preferred_username: name,
    email: `${name}@example.com`, email_verified: true, groups: ['staff'], ...fields
});
const ACCOUNTS = [
    account('ada', { preferred_username: 'Ada', groups: ['/Staff', 'ide-admins'] }),
    account('bob'),
    account('eve', { groups: ['contractors'] }),
    account('mallory', { email: 'mallory@elsewhere.org' }),
    account('ivy', { email_verified: false }),
    account('carol'),
    account('dave'),
    account('grace', { preferred_username: 'Grace Hopper' }),
    account('frank'),
    account('heidi')
];
const unescapeHtml = (html: string): string => html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const password = (login: string): string => ACCOUNTS.find(candidate => candidate.login === login)!.password;

const client = (gatewayUrl: string): ClientMetadata => gatewayClient(gatewayUrl, CLIENT_ID, CLIENT_SECRET);

function oidcEnv(issuer: string, port: number): Record<string, string> {
    return {
        IDE_PORT: String(port),
        IDE_OIDC_ISSUER: issuer,
        IDE_OIDC_CLIENT_ID: CLIENT_ID,
        IDE_OIDC_CLIENT_SECRET: CLIENT_SECRET,
        IDE_OIDC_NAME: 'Test Provider',
        IDE_OIDC_SCOPES: 'openid profile email groups',
        IDE_OIDC_ALLOWED_GROUPS: 'staff',
        IDE_OIDC_ADMIN_GROUP: 'ide-admins',
        IDE_OIDC_ALLOWED_DOMAINS: 'example.com',
        IDE_PASSWORD_LOGIN: '0',
        IDE_SESSION_HOURS: String(SESSION_HOURS)
    };
}

describe('single sign-on against a real OpenID provider', () => {
    let op: TestOpenIdProvider;
    let gateway: Gateway;
    let admin: Client;

    before(async () => {
        const port = await freePort();
        op = await TestOpenIdProvider.start({ clients: [client(`http://127.0.0.1:${port}`)], accounts: ACCOUNTS });
        gateway = await startTestGateway(await testConfig(oidcEnv(op.issuer, port)), { sandboxes: new FakeSandboxes() });
        admin = await userAdmin(gateway);
        assert.equal((await admin.json('GET', '/api/me')).status, 200, 'the break-glass admin signs in with a password');
        assert.equal((await admin.request('POST', '/api/admin/users', { username: 'carol', password: 'carol-local-password' })).status, 201);
        await gateway.store.update(data => {
            data.users.push({ id: 'other-issuer-dave', username: 'dave', passwordHash: 'x', isAdmin: false, disabled: false, createdAt: new Date().toISOString(),
                oidc: { issuer: 'https://other-provider.example', subject: 'dave-there' } });
        });
    });
    after(async () => {
        await gateway?.close();
        await op?.close();
    });

    const signIn = async (login: string, next = '/'): Promise<{ browser: SignInBrowser; response: Response }> => {
        const browser = new SignInBrowser(gateway.url);
        const callback = await browser.signInUpToCallback(login, password(login), next);
        return { browser, response: await browser.get(callback) };
    };

    /** Every refusal: a readable page with the reason, no new session in the store, no session cookie. */
    const assertRefused = async (browser: SignInBrowser, callback: URL, status: number, reason: RegExp): Promise<void> => {
        const sessionsBefore = new Set(gateway.store.data.sessions.map(session => session.tokenHash));
        const response = await browser.get(callback);
        const html = await response.text();
        assert.equal(response.status, status, html);
        assert.match(response.headers.get('content-type') ?? '', /text\/html/);
        assert.match(html, /<h1>Sign-in failed<\/h1>/);
        assert.match(unescapeHtml(/id="sign-in-refused">([^<]*)</.exec(html)![1]), reason);
        assert.ok(!response.headers.getSetCookie().some(cookie => cookie.startsWith('ide_session=')), 'no session cookie');
        assert.equal(browser.session, undefined);
        assert.ok(gateway.store.data.sessions.every(session => sessionsBefore.has(session.tokenHash)), 'no session in the store');
    };

    test('the login page offers the provider, and password sign-in only to the break-glass admin', async () => {
        const page = await (await fetch(`${gateway.url}/login?next=/admin`)).text();
        assert.match(page, /<a class="button" id="sso" href="\/auth\/oidc\/login\?next=%2Fadmin">Sign in with Test Provider<\/a>/);
        assert.match(page, /<details><summary class="muted">Local admin/);
        const carol = await new Client(gateway.url).login('carol', 'carol-local-password');
        assert.equal(carol.status, 403);
        assert.match((await carol.json() as { error: string }).error, /Password sign-in is turned off here: sign in with Test Provider/);
    });

    test('first sign-in creates the account from the claims; the session lives the gateway\'s time, not the provider\'s', async () => {
        const { browser, response } = await signIn('bob', '/somewhere');
        assert.equal(response.status, 303, await response.text());
        assert.equal(response.headers.get('location'), '/somewhere');
        const me = await browser.api<{ username: string; isAdmin: boolean }>('/api/me');
        assert.equal(me.status, 200);
        assert.equal(me.body.username, 'bob');
        assert.equal(me.body.isAdmin, false);
        const user = gateway.users.findByName('bob')!;
        assert.deepEqual(user.oidc, { issuer: op.issuer, subject: 'sub-bob-0001' });
        assert.deepEqual(user.groups, ['staff']);
        assert.ok(user.lastSignInAt);

        const session = gateway.store.data.sessions.find(candidate => candidate.userId === user.id)!;
        assert.equal(Date.parse(session.expiresAt) - Date.parse(session.createdAt), SESSION_HOURS * 3600_000);
        const idToken = decodeJwt(session.oidcIdToken!).payload as { exp: number; iat: number };
        assert.ok(idToken.exp - idToken.iat >= 29 * 24 * 3600, 'the provider\'s token lives a month');
        const cookie = response.headers.getSetCookie().find(candidate => candidate.startsWith('ide_session='))!;
        assert.ok(Date.parse(/Expires=([^;]+)/.exec(cookie)![1]) <= Date.now() + SESSION_HOURS * 3600_000 + 1000);
        assert.match(cookie, /HttpOnly/);
        assert.match(cookie, /SameSite=Lax/);

        const long = await signIn('bob', `/${'x'.repeat(5000)}`);
        assert.equal(long.response.headers.get('location'), '/', 'a place to go longer than 2 KiB is not kept');

        const again = await signIn('bob');
        assert.equal(again.response.status, 303);
        assert.equal(gateway.store.data.users.filter(candidate => candidate.oidc?.subject === 'sub-bob-0001').length, 1, 'the same subject is the same account');
    });

    test('the admin group makes an admin; groups are normalised from the provider\'s spelling', async () => {
        const { browser, response } = await signIn('ada');
        assert.equal(response.status, 303);
        const me = await browser.api<{ username: string; isAdmin: boolean }>('/api/me');
        assert.deepEqual([me.body.username, me.body.isAdmin], ['ada', true]);
        assert.deepEqual(gateway.users.findByName('ada')!.groups, ['ide-admins', 'staff']);
        assert.equal((await browser.get(new URL('/admin', gateway.url))).status, 200);

        op.account('sub-ada-0001').groups = ['staff'];
        assert.equal((await signIn('ada')).response.status, 303);
        assert.equal(gateway.users.findByName('ada')!.isAdmin, false, 'leaving the admin group removes admin at the next sign-in');
    });

    test('a replayed callback is refused and makes no session', async () => {
        const browser = new SignInBrowser(gateway.url);
        const callback = await browser.signInUpToCallback('frank', password('frank'));
        assert.equal((await browser.get(callback)).status, 303);
        const signedIn = browser.session;
        browser.forgetSession();
        await assertRefused(browser, callback, 400, /matches no sign-in under way: it was used already/);
        assert.notEqual(signedIn, undefined);
    });

    test('an altered state is refused; the genuine answer still works', async () => {
        const browser = new SignInBrowser(gateway.url);
        const callback = await browser.signInUpToCallback('frank', password('frank'));
        const altered = new URL(callback);
        altered.searchParams.set('state', `${callback.searchParams.get('state')}x`);
        await assertRefused(browser, altered, 400, /matches no sign-in under way/);
        const missing = new URL(callback);
        missing.searchParams.delete('state');
        await assertRefused(browser, missing, 400, /matches no sign-in under way/);
        assert.equal((await browser.get(callback)).status, 303);
    });

    test('an answer brought to another browser is refused', async () => {
        const browser = new SignInBrowser(gateway.url);
        const callback = await browser.signInUpToCallback('frank', password('frank'));
        browser.forgetSignInBinding();
        await assertRefused(browser, callback, 400, /started in another browser/);
    });

    const tampered: [string, (op: TestOpenIdProvider, token: ReturnType<typeof decodeJwt>) => string, RegExp][] = [
        ['an ID token signed by another key', (_op, token) => signJwt(token.header, token.payload, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey), /failed verification.*signature/i],
        ['an ID token altered after signing', (_op, token) => `${token.signedPart.split('.')[0]}.${Buffer.from(JSON.stringify({ ...token.payload, sub: 'sub-ada-0001' })).toString('base64url')}.${token.signature}`, /failed verification.*signature/i],
        ['an expired ID token', (op, token) => op.resign(token, { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }), /failed verification.*"exp"/],
        ['an ID token for another audience', (op, token) => op.resign(token, { aud: 'another-client' }), /failed verification.*"aud"/],
        ['an ID token with another nonce', (op, token) => op.resign(token, { nonce: 'a-nonce-from-another-sign-in' }), /failed verification.*"nonce"/],
        ['an ID token from another issuer', (op, token) => op.resign(token, { iss: 'https://attacker.example' }), /failed verification.*"iss"/]
    ];
    for (const [what, change, reason] of tampered) {
        test(`${what} is refused with a clear page and no session`, async () => {
            const browser = new SignInBrowser(gateway.url);
            const callback = await browser.signInUpToCallback('heidi', password('heidi'));
            op.tamperNextIdToken(token => change(op, token));
            await assertRefused(browser, callback, 400, reason);
        });
    }

    test('a genuine ID token replayed from an earlier sign-in (its nonce) is refused', async () => {
        const earlier = await signIn('heidi');
        assert.equal(earlier.response.status, 303);
        const heidi = gateway.users.findByName('heidi')!;
        const replayed = gateway.store.data.sessions.filter(session => session.userId === heidi.id).at(-1)!.oidcIdToken!;
        const browser = new SignInBrowser(gateway.url);
        const callback = await browser.signInUpToCallback('heidi', password('heidi'));
        op.tamperNextIdToken(() => replayed);
        await assertRefused(browser, callback, 400, /failed verification.*"nonce"/);
    });

    test('people outside the allowed groups or domains are refused, and no account is made', async () => {
        for (const [login, reason] of [
            ['eve', /not in a group allowed to sign in here/],
            ['mallory', /Email addresses at elsewhere\.org may not sign in here/],
            ['ivy', /ivy@example\.com is not verified/]
        ] as const) {
            const browser = new SignInBrowser(gateway.url);
            await assertRefused(browser, await browser.signInUpToCallback(login, password(login)), 403, reason);
            assert.equal(gateway.users.findByName(login), undefined);
        }
    });

    test('a username already taken is refused, never merged; a claim that cannot be a username too', async () => {
        for (const [login, status, reason] of [
            ['carol', 409, /username carol is taken here by a local account; it is not merged/],
            ['dave', 409, /username dave is taken here by another single sign-on identity/],
            ['grace', 403, /"preferred_username" for your account \("Grace Hopper"\) cannot be a username here/]
        ] as const) {
            const browser = new SignInBrowser(gateway.url);
            await assertRefused(browser, await browser.signInUpToCallback(login, password(login)), status, reason);
        }
        assert.equal(gateway.users.findByName('carol')!.oidc, undefined, 'the local carol is untouched');
        assert.equal(gateway.users.findByName('dave')!.oidc!.issuer, 'https://other-provider.example');
    });

    test('a person who denies consent at the provider gets a clear page', async () => {
        const browser = new SignInBrowser(gateway.url);
        const callback = await browser.atProvider(await browser.start(), 'frank', password('frank'), 'deny');
        await assertRefused(browser, callback, 403, /did not sign you in \(access_denied: the user denied access\)/);
    });

    test('removed from the allowed groups: refused at the next sign-in, and their sessions, connections and tokens end', async () => {
        const first = await signIn('frank');
        assert.equal(first.response.status, 303);
        const frank = gateway.users.findByName('frank')!;
        await gateway.store.update(data => {
            data.apiTokens.push({ id: 'frank-token', userId: frank.id, name: 'agent', tokenHash: 'h', hint: 'ide_pat_x', readOnly: false, createdAt: new Date().toISOString() });
        });
        let ended = false;
        gateway.connections.add({ kind: 'ide', userId: frank.id, workspaceId: 'frank-ws', end: () => { ended = true; } });

        op.account(frank.oidc!.subject).groups = ['former-staff'];
        const browser = new SignInBrowser(gateway.url);
        await assertRefused(browser, await browser.signInUpToCallback('frank', password('frank')), 403, /not in a group allowed/);
        assert.equal((await first.browser.api('/api/me')).status, 401, 'the running session ended');
        assert.ok(ended, 'the open IDE connection ended');
        assert.ok(!gateway.store.data.apiTokens.some(candidate => candidate.userId === frank.id), 'the tokens were revoked');
        assert.deepEqual(gateway.users.findByName('frank')!.groups, ['former-staff']);

        op.account(frank.oidc!.subject).groups = ['staff'];
        assert.equal((await signIn('frank')).response.status, 303, 'back in the group, back in');
    });

    test('sign-out ends the session here and sends the browser to the provider\'s logout', async () => {
        const { browser } = await signIn('bob');
        const idToken = gateway.store.data.sessions.at(-1)!.oidcIdToken!;
        const out = await browser.request(new URL('/logout', gateway.url), 'POST', undefined, { accept: 'application/json' });
        const { logoutUrl } = await out.json() as { logoutUrl: string };
        const url = new URL(logoutUrl);
        assert.equal(url.origin, op.issuer);
        assert.equal(url.searchParams.get('id_token_hint'), idToken);
        assert.equal(url.searchParams.get('post_logout_redirect_uri'), `${gateway.url}/login`);
        assert.equal((await browser.api('/api/me')).status, 401);
        const confirm = await browser.get(url);
        assert.equal(confirm.status, 200, 'the provider accepts the hint and the redirect');
        assert.match(await confirm.text(), /<form[^>]*logout/i);

        const form = await signIn('bob');
        const page = await form.browser.request(new URL('/logout', gateway.url), 'POST', '');
        assert.equal(page.status, 200);
        assert.match(await page.text(), /<meta http-equiv="refresh" content="0;url=http:\/\/127\.0\.0\.1:\d+\/session\/end\?/);
    });

    test('the admin API and page show where each user comes from; an OIDC user\'s password and groups cannot be set', async () => {
        const { body } = await admin.json<{ users: { username: string; id: string; origin: { kind: string; issuer?: string; subject?: string }; lastSignInAt: string | null }[] }>('GET', '/api/admin/users');
        const bob = body.users.find(user => user.username === 'bob')!;
        assert.deepEqual(bob.origin, { kind: 'oidc', issuer: op.issuer, subject: 'sub-bob-0001' });
        assert.ok(bob.lastSignInAt);
        assert.deepEqual(body.users.find(user => user.username === 'carol')!.origin, { kind: 'local' });

        const setPassword = await admin.json<{ error: string }>('PATCH', `/api/admin/users/${bob.id}`, { password: 'a-new-password-123' });
        assert.equal(setPassword.status, 400);
        assert.match(setPassword.body.error, /bob signs in with single sign-on: an OIDC user has no password here/);
        assert.equal((await admin.request('PATCH', `/api/admin/users/${bob.id}`, { groups: ['admins'] })).status, 400);
        assert.equal((await admin.request('PATCH', `/api/admin/users/${bob.id}`, { quota: { maxWorkspaces: 3 } })).status, 200, 'other changes still work');

        const page = await (await admin.request('GET', '/admin', undefined, { accept: 'text/html' })).text();
        const row = /<tr data-user="bob">[\s\S]*?<\/tr>/.exec(page)![0];
        assert.match(row, new RegExp(`single sign-on<br><span class="muted">${op.issuer.replace(/\./g, '\\.')}<br>subject <code>sub-bob-0001</code>`));
        assert.doesNotMatch(row, /New password for bob/);
        assert.match(/<tr data-user="carol">[\s\S]*?<\/tr>/.exec(page)![0], /New password for carol/);
        assert.equal((await new Client(gateway.url).login('bob', ADMIN_PASSWORD)).status, 403);
    });
});

describe('single sign-on when the provider is unreachable at start', () => {
    test('the gateway starts, the login page says why, and discovery is tried again at a later sign-in', async () => {
        const [providerPort, gatewayPort] = [await freePort(), await freePort()];
        const issuer = `http://127.0.0.1:${providerPort}`;
        const gateway = await startTestGateway(await testConfig({ ...oidcEnv(issuer, gatewayPort), IDE_PASSWORD_LOGIN: '1' }), { sandboxes: new FakeSandboxes() });
        let op: TestOpenIdProvider | undefined;
        try {
            let page = '';
            for (let i = 0; i < 50 && !page.includes('sso-unavailable'); i++) {
                page = await (await fetch(`${gateway.url}/login`)).text();
                await sleep(100);
            }
            assert.match(page, /id="sso-unavailable">Single sign-on with Test Provider is unavailable: its identity provider \(http:\/\/127\.0\.0\.1:\d+\/\) could not be reached or answered wrongly \(.*ECONNREFUSED.*\)\. It is tried again at the next sign-in\./);
            assert.match(page, /<form method="post" action="\/login">/, 'password sign-in still works');
            assert.equal((await userAdmin(gateway).then(admin => admin.json('GET', '/api/me'))).status, 200);

            const browser = new SignInBrowser(gateway.url);
            const refused = await browser.get(new URL('/auth/oidc/login', gateway.url));
            assert.equal(refused.status, 503);
            assert.match(await refused.text(), /Single sign-on with Test Provider is unavailable.*It is tried again in \d+ s\./);
            assert.deepEqual(refused.headers.getSetCookie(), []);

            op = await TestOpenIdProvider.start({ port: providerPort, clients: [client(gateway.url)], accounts: ACCOUNTS });
            await sleep(5500);
            const callback = await browser.signInUpToCallback('bob', password('bob'));
            assert.equal((await browser.get(callback)).status, 303, 'once the provider answers, single sign-on works without a restart');
            assert.doesNotMatch(await (await fetch(`${gateway.url}/login`)).text(), /sso-unavailable/);
        } finally {
            await gateway.close();
            await op?.close();
        }
    });
});
