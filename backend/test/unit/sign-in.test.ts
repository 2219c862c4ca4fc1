import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HASHING_QUEUE_LENGTH, HASHING_SLOTS, hashPassword } from '../../src/auth/passwords.js';
import { Gateway } from '../../src/gateway.js';
import { Client, startTestGateway, testConfig, userAdmin, userClient } from '../helpers.js';
import { FakeSandboxes } from '../fake-sandboxes.js';

const PER_ACCOUNT = 3;
const PER_ADDRESS = 8;
const ALICE_PASSWORD = 'alice-password-123';

/** ` Alice `, fullwidth, NBSP and ideographic space, a compatibility form (Ⅽ/ⅽ, Roman numerals): all "alice". */
const ALICE_SPELLINGS = ['alice', ' Alice ', 'ALICE', 'ａｌｉｃｅ', 'ＡＬＩＣＥ', '\u00a0alice\u3000', 'ali\u217dE'];

let nextAddress = 1;
/** Each test signs in from its own made-up address (the gateway trusts X-Forwarded-For here), so limits do not leak between tests. */
const freshAddress = (): string => `203.0.113.${nextAddress++}`;

function signIn(gateway: Gateway, address: string, username: unknown, password: unknown, form = false): Promise<Response> {
    const body = { username, password };
    return fetch(`${gateway.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: form
            ? { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address }
            : { 'content-type': 'application/json', accept: 'application/json', 'x-forwarded-for': address },
        body: form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body)
    });
}

describe('sign-in', () => {
    let gateway: Gateway;
    let aliceId: string;

    before(async () => {
        gateway = await startTestGateway(await testConfig({
            IDE_TRUST_PROXY: '1',
            IDE_LOGIN_ATTEMPTS_PER_15MIN: String(PER_ACCOUNT),
            IDE_LOGIN_ATTEMPTS_PER_ADDRESS_PER_15MIN: String(PER_ADDRESS)
        }), { sandboxes: new FakeSandboxes() });
        const alice = await userClient(gateway, 'alice', ALICE_PASSWORD);
        aliceId = (await alice.json<{ id: string }>('GET', '/api/me')).body.id;
        await userClient(gateway, 'bob');
    });
    after(() => gateway.close());

    test('every spelling of a name signs in to the one account', async () => {
        const address = freshAddress();
        for (const spelling of ALICE_SPELLINGS) {
            const response = await signIn(gateway, address, spelling, ALICE_PASSWORD);
            assert.equal(response.status, 200, JSON.stringify(spelling));
            assert.equal((await response.json() as { username: string }).username, 'alice');
            const session = response.headers.getSetCookie().find(cookie => cookie.startsWith('ide_session='))!.split(';')[0];
            const me = await fetch(`${gateway.url}/api/me`, { headers: { cookie: session, accept: 'application/json' } });
            assert.equal((await me.json() as { id: string }).id, aliceId);
        }
    });

    test('every spelling of a name shares one limiter bucket: after the limit the real password is refused for all', async () => {
        const address = freshAddress();
        const statuses: number[] = [];
        for (let i = 0; i <= PER_ACCOUNT; i++) {
            statuses.push((await signIn(gateway, address, ALICE_SPELLINGS[i % ALICE_SPELLINGS.length], `wrong-password-${i}`)).status);
        }
        assert.deepEqual(statuses, [...Array(PER_ACCOUNT).fill(401), 429]);
        for (const spelling of ALICE_SPELLINGS) {
            const refused = await signIn(gateway, address, spelling, ALICE_PASSWORD);
            assert.equal(refused.status, 429, JSON.stringify(spelling));
            assert.ok(refused.headers.get('retry-after'));
        }
        assert.equal((await signIn(gateway, address, 'bob', 'bob-password-123')).status, 200, 'another account from the same address is not affected');
        assert.equal((await signIn(gateway, freshAddress(), ' ALICE', ALICE_PASSWORD)).status, 200, 'nor the same account from another address');
    });

    test('input that cannot be a username fails like a wrong password, without a crash', async () => {
        const refusal = { error: 'Wrong username or password.', code: 'unauthenticated' };
        const notNames: unknown[] = ['', '   ', '\u200b', 'al ice', '../evil', 'a', 'ålice', 'x'.repeat(5000), ` ${'alice'.repeat(40)}`, 42, ['alice'], { toString: 1 }, null];
        for (const name of notNames) {
            const response = await signIn(gateway, freshAddress(), name, ALICE_PASSWORD);
            assert.equal(response.status, 401, JSON.stringify(name)?.slice(0, 40));
            assert.deepEqual(await response.json(), refusal);
        }
        const page = await signIn(gateway, freshAddress(), 'al ice', ALICE_PASSWORD, true);
        assert.equal(page.status, 401);
        assert.match(await page.text(), /Wrong username or password\.[\s\S]*<form method="post" action="\/login">/);
    });

    test('one address cycling through made-up names is slowed down by the per-address limit', async () => {
        const address = freshAddress();
        const statuses: number[] = [];
        for (let i = 0; i <= PER_ADDRESS; i++) {
            statuses.push((await signIn(gateway, address, `ghost-${i}`, 'made-up-password')).status);
        }
        assert.deepEqual(statuses, [...Array(PER_ADDRESS).fill(401), 429]);
        assert.equal((await signIn(gateway, address, 'alice', ALICE_PASSWORD)).status, 429, 'the whole address waits');
        assert.equal((await signIn(gateway, freshAddress(), 'ghost-x', 'made-up-password')).status, 401, 'other addresses do not');
    });

    test('behind the proxy, addresses a client writes into X-Forwarded-For itself do not open new buckets', async () => {
        const address = freshAddress();
        const statuses: number[] = [];
        for (let i = 0; i <= PER_ACCOUNT; i++) {
            // The proxy appends the address it saw; what comes before is the client's own text.
            statuses.push((await signIn(gateway, `10.9.9.${i}, ${address}`, 'alice', `wrong-password-${i}`)).status);
        }
        assert.deepEqual(statuses, [...Array(PER_ACCOUNT).fill(401), 429]);
    });

    test('accounts are created under the normalised name, so a second spelling is the same account', async () => {
        const admin = await userAdmin(gateway);
        const created = await admin.json<{ username: string }>('POST', '/api/admin/users', { username: ' ＣＡＲＯＬ ', password: 'carol-password-123' });
        assert.equal(created.status, 201);
        assert.equal(created.body.username, 'carol');
        assert.equal((await admin.request('POST', '/api/admin/users', { username: 'Carol', password: 'carol-password-123' })).status, 409);
        assert.equal((await admin.request('POST', '/api/admin/users', { username: 'car ol', password: 'carol-password-123' })).status, 400);
        assert.equal((await new Client(gateway.url).login('carol', 'carol-password-123')).status, 200);
    });

    test('when the hashing queue is full, sign-in and password changes are refused at once with 503 and Retry-After', async () => {
        const admin = await userAdmin(gateway);
        const address = freshAddress();
        const occupying = Array.from({ length: HASHING_SLOTS + HASHING_QUEUE_LENGTH }, () => hashPassword('occupying the queue'));
        try {
            const json = await signIn(gateway, address, 'alice', ALICE_PASSWORD);
            assert.equal(json.status, 503);
            assert.ok(Number(json.headers.get('retry-after')) > 0);
            assert.deepEqual(await json.json(), { error: 'The server is busy checking passwords. Try again in a few seconds.', code: 'unavailable' });

            const form = await signIn(gateway, address, 'alice', 'wrong-password', true);
            assert.equal(form.status, 503);
            assert.ok(form.headers.get('retry-after'));
            assert.match(await form.text(), /busy checking passwords[\s\S]*<form method="post" action="\/login">/);

            const creation = await admin.request('POST', '/api/admin/users', { username: 'dave', password: 'dave-password-123' });
            assert.equal(creation.status, 503);
            assert.ok(creation.headers.get('retry-after'));
        } finally {
            await Promise.all(occupying);
        }
        assert.equal((await signIn(gateway, address, 'alice', ALICE_PASSWORD)).status, 200, 'once the queue drains, sign-in works again');
        for (let i = 0; i < PER_ACCOUNT; i++) {
            assert.equal((await signIn(gateway, address, 'alice', 'wrong-password')).status, 401, 'busy refusals did not count as failed attempts');
        }
    });
});
