import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeGroupName } from '../../src/auth/group-name.js';
import { OidcSignInRefused } from '../../src/auth/oidc/oidc-errors.js';
import { policyRefusal, readIdentity } from '../../src/auth/oidc/oidc-identity.js';
import { PENDING_SIGN_IN_TTL_MS, PendingSignIns } from '../../src/auth/oidc/pending-sign-ins.js';
import { OidcConfig } from '../../src/config/oidc-config.js';
import { readServerConfig } from '../../src/config/server-config.js';

const ISSUER = 'https://id.example.com/realms/team';
const settings = (changes: Partial<OidcConfig> = {}): OidcConfig => ({
    issuer: new URL(ISSUER), clientId: 'ide', displayName: 'Keycloak', scopes: 'openid profile email groups',
    usernameClaim: 'preferred_username', groupsClaim: 'groups', allowedDomains: [], allowedGroups: [], ...changes
});

test('provider groups become our group names; what cannot be one is left out', () => {
    assert.equal(normalizeGroupName('/Data Science'), 'data-science');
    assert.equal(normalizeGroupName('/org/devs'), 'org-devs');
    assert.equal(normalizeGroupName('ide_admins'), 'ide-admins');
    assert.equal(normalizeGroupName('ＳＴＡＦＦ'), 'staff');
    for (const bad of ['8f3c2a10-4b1e-4f0e-9a55-0c1d2e3f4a5b', '', '/', 'x'.repeat(300), 42, null, 'a'.repeat(40)]) {
        assert.equal(normalizeGroupName(bad), undefined, String(bad).slice(0, 20));
    }
});

test('an identity is read from the claims: the subject is the key, the username claim only a first name', () => {
    const identity = readIdentity({ sub: 'abc-123', preferred_username: ' Ada ', email: 'Ada@Example.com', email_verified: true, groups: ['/Staff', 'staff', '1234-guid', 'ide-admins'] }, ISSUER, settings());
    assert.deepEqual(identity, {
        issuer: ISSUER, subject: 'abc-123', username: 'ada', claimedName: ' Ada ', email: 'ada@example.com', emailVerified: true,
        groups: ['ide-admins', 'staff'], sentGroups: true
    });
    assert.equal(readIdentity({ sub: 's', email: 'grace.hopper@navy.example' }, ISSUER, settings({ usernameClaim: 'email' })).username, 'grace.hopper', 'an email gives its local part');
    assert.equal(readIdentity({ sub: 's', preferred_username: 'not a name' }, ISSUER, settings()).username, undefined);
    assert.equal(readIdentity({ sub: 's', roles: ['dev'] }, ISSUER, settings({ groupsClaim: 'roles' })).groups[0], 'dev', 'the groups claim is configurable');
    assert.deepEqual(readIdentity({ sub: 's', groups: 'solo' }, ISSUER, settings()).groups, ['solo']);
});

test('claims that cannot be trusted to mean anything are refused, not guessed', () => {
    for (const claims of [{}, { sub: '' }, { sub: 42 }, { sub: 'x'.repeat(300) }, { sub: 's', groups: { admin: true } }, { sub: 's', groups: Array(1001).fill('g') }]) {
        assert.throws(() => readIdentity(claims, ISSUER, settings()), (error: unknown) => error instanceof OidcSignInRefused && error.status === 400, JSON.stringify(claims).slice(0, 40));
    }
});

test('the allow-lists: domains need a verified address there, groups a membership (the admin group counts)', () => {
    const who = (claims: Record<string, unknown>) => readIdentity({ sub: 's', ...claims }, ISSUER, settings());
    const domains = settings({ allowedDomains: ['example.com'] });
    assert.equal(policyRefusal(who({ email: 'a@example.com', email_verified: true }), domains), undefined);
    assert.equal(policyRefusal(who({ email: 'a@example.com' }), domains), undefined, 'a provider that does not say is taken at its word');
    assert.match(policyRefusal(who({ email: 'a@example.com', email_verified: false }), domains)!, /not verified/);
    assert.match(policyRefusal(who({ email: 'a@sub.example.com' }), domains)!, /sub\.example\.com may not sign in/);
    assert.match(policyRefusal(who({}), domains)!, /no email address/);

    const groups = settings({ allowedGroups: ['staff'], adminGroup: 'ide-admins' });
    assert.equal(policyRefusal(who({ groups: ['Staff'] }), groups), undefined);
    assert.equal(policyRefusal(who({ groups: ['ide-admins'] }), groups), undefined);
    assert.match(policyRefusal(who({ groups: ['contractors'] }), groups)!, /not in a group allowed/);
    assert.match(policyRefusal(who({}), groups)!, /sent no "groups" claim/);
    assert.equal(policyRefusal(who({}), settings()), undefined, 'no allow-lists: anyone the provider signs in');
});

test('sign-ins under way are taken once, expire after 10 minutes, and are bounded', () => {
    let now = 0;
    const pending = new PendingSignIns(() => now, 3);
    const add = (state: string) => pending.add({ state, nonce: 'n', codeVerifier: 'v', redirectUri: 'http://gw/auth/oidc/callback', next: '/', browser: 'b' });
    assert.ok(add('one'));
    assert.equal(pending.take('one')?.state, 'one');
    assert.equal(pending.take('one'), undefined, 'taken once');
    assert.ok(add('a') && add('b') && add('c'));
    assert.equal(add('d'), false, 'full');
    now = PENDING_SIGN_IN_TTL_MS;
    assert.equal(pending.take('a'), undefined, 'expired');
    assert.ok(add('e'), 'expired ones make room');
    assert.equal(pending.size, 1);
});

test('single sign-on configuration is checked at start with the variable that is wrong', () => {
    const base = { IDE_OIDC_ISSUER: 'https://id.example.com/realms/team', IDE_OIDC_CLIENT_ID: 'ide' };
    const config = readServerConfig({ ...base, IDE_OIDC_ALLOWED_GROUPS: '/Staff, Data Science', IDE_OIDC_ADMIN_GROUP: '/IDE Admins', IDE_OIDC_ALLOWED_DOMAINS: 'Example.com, @corp.example' });
    assert.deepEqual(config.signIn.oidc && { ...config.signIn.oidc, issuer: config.signIn.oidc.issuer.href }, {
        issuer: 'https://id.example.com/realms/team', clientId: 'ide', clientSecret: undefined, displayName: 'single sign-on',
        scopes: 'openid profile email', usernameClaim: 'preferred_username', groupsClaim: 'groups',
        allowedDomains: ['example.com', 'corp.example'], allowedGroups: ['staff', 'data-science'], adminGroup: 'ide-admins'
    });
    assert.equal(config.signIn.passwordLogin, true);
    assert.equal(readServerConfig({}).signIn.oidc, undefined);
    assert.equal(readServerConfig({ ...base, IDE_PASSWORD_LOGIN: '0' }).signIn.passwordLogin, false);

    for (const [env, problem] of [
        [{ IDE_OIDC_ISSUER: 'http://id.example.com' }, /IDE_OIDC_ISSUER must use https/],
        [{ IDE_OIDC_ISSUER: 'not a url', IDE_OIDC_CLIENT_ID: 'ide' }, /IDE_OIDC_ISSUER must be the issuer URL/],
        [{ IDE_OIDC_ISSUER: base.IDE_OIDC_ISSUER }, /IDE_OIDC_CLIENT_ID: needed/],
        [{ IDE_OIDC_CLIENT_ID: 'ide' }, /IDE_OIDC_ISSUER: needed/],
        [{ IDE_PASSWORD_LOGIN: '0' }, /IDE_PASSWORD_LOGIN: 0 needs single sign-on/],
        [{ ...base, IDE_OIDC_SCOPES: 'profile email' }, /must include openid/],
        [{ ...base, IDE_OIDC_ALLOWED_GROUPS: 'staff, 1234' }, /IDE_OIDC_ALLOWED_GROUPS: not a group name: 1234/],
        [{ ...base, IDE_OIDC_ALLOWED_DOMAINS: 'example' }, /not a domain: example/],
        [{ ...base, IDE_OIDC_USERNAME_CLAIM: 'user name' }, /IDE_OIDC_USERNAME_CLAIM/]
    ] as const) {
        assert.throws(() => readServerConfig(env), problem, JSON.stringify(env));
    }
    assert.doesNotThrow(() => readServerConfig({ IDE_OIDC_ISSUER: 'http://127.0.0.1:9000', IDE_OIDC_CLIENT_ID: 'ide' }), 'plain http on loopback (tests)');
    const composeUnset = Object.fromEntries(['ISSUER', 'CLIENT_ID', 'CLIENT_SECRET', 'NAME', 'SCOPES', 'USERNAME_CLAIM', 'GROUPS_CLAIM', 'ALLOWED_DOMAINS', 'ALLOWED_GROUPS', 'ADMIN_GROUP']
        .map(name => [`IDE_OIDC_${name}`, '']));
    assert.deepEqual(readServerConfig({ ...composeUnset, IDE_PASSWORD_LOGIN: '' }).signIn, { oidc: undefined, passwordLogin: true }, 'empty values (compose\'s ${VAR:-}) are unset');
});
