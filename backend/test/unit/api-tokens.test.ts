import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { AccessEvents } from '../../src/auth/access-events.js';
import { UserService } from '../../src/auth/users.js';
import { Store } from '../../src/store/store.js';
import { ApiTokenService, TOKEN_PREFIX } from '../../src/tokens/api-tokens.js';
import { tempDir } from '../helpers.js';

async function setup() {
    const store = await Store.open(join(await tempDir('tokens'), 'gateway.json'));
    const events = new AccessEvents();
    const users = new UserService(store, events);
    const alice = await users.create('alice', 'alice-password');
    const bob = await users.create('bob', 'bob-password-1');
    let now = Date.parse('2026-06-01T00:00:00Z');
    const tokens = new ApiTokenService(store, users, events, () => now);
    return { store, users, alice, bob, tokens, advance: (ms: number) => { now += ms; } };
}

const owns = (id: string): boolean => id === 'ws-of-alice';

test('a token is shown once, stored only as a hash, and authenticates its user', async () => {
    const { store, alice, tokens } = await setup();
    const { secret, token } = await tokens.create(alice, { name: 'claude-code' }, owns);
    assert.ok(secret.startsWith(TOKEN_PREFIX));
    assert.ok(!JSON.stringify(store.data).includes(secret));
    assert.equal('tokenHash' in token, false);
    const check = tokens.authenticate(`Bearer ${secret}`);
    assert.ok(check.ok && check.user.id === alice.id && check.token.name === 'claude-code');
    assert.deepEqual(tokens.list(alice).map(view => view.name), ['claude-code']);
});

test('missing, malformed, unknown, revoked and expired tokens are refused with a reason', async () => {
    const { alice, bob, tokens, advance } = await setup();
    assert.match(refusal(tokens.authenticate(undefined)), /required/);
    assert.match(refusal(tokens.authenticate('Basic abc')), /required/);
    assert.match(refusal(tokens.authenticate(`Bearer ${TOKEN_PREFIX}nope`)), /unknown or revoked/);
    const revoked = await tokens.create(alice, { name: 'old' }, owns);
    await assert.rejects(tokens.revoke(bob, revoked.token.id), /not found/, 'only the owner revokes');
    await tokens.revoke(alice, revoked.token.id);
    assert.match(refusal(tokens.authenticate(`Bearer ${revoked.secret}`)), /unknown or revoked/);
    const expiring = await tokens.create(alice, { name: 'week', expiresInDays: 7 }, owns);
    assert.ok(tokens.authenticate(`Bearer ${expiring.secret}`).ok);
    advance(7 * 86_400_000 + 1);
    assert.match(refusal(tokens.authenticate(`Bearer ${expiring.secret}`)), /expired/);
});

test('scope and bad input: a workspace of someone else, bad names, bad expiry', async () => {
    const { alice, tokens } = await setup();
    const scoped = await tokens.create(alice, { name: 'scoped', workspaceId: 'ws-of-alice', readOnly: true }, owns);
    assert.deepEqual([scoped.token.workspaceId, scoped.token.readOnly], ['ws-of-alice', true]);
    await assert.rejects(tokens.create(alice, { name: 'x', workspaceId: 'ws-of-bob' }, owns), /one of your workspaces/);
    await assert.rejects(tokens.create(alice, { name: '' }, owns), /token name/);
    await assert.rejects(tokens.create(alice, { name: '<script>' }, owns), /token name/);
    await assert.rejects(tokens.create(alice, { name: 'x', expiresInDays: -1 }, owns), /expiresInDays/);
    await assert.rejects(tokens.create(alice, { name: 'x', expiresInDays: 'soon' }, owns), /expiresInDays/);
});

test('a disabled user\'s tokens stop working', async () => {
    const { store, alice, tokens } = await setup();
    const { secret } = await tokens.create(alice, { name: 'agent' }, owns);
    await store.update(data => { data.users.find(user => user.id === alice.id)!.disabled = true; });
    assert.match(refusal(tokens.authenticate(`Bearer ${secret}`)), /disabled/);
});

function refusal(check: ReturnType<ApiTokenService['authenticate']>): string {
    assert.equal(check.ok, false);
    return check.ok ? '' : check.reason;
}
