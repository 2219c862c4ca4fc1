import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { AccessEvents } from '../../src/auth/access-events.js';
import { SessionService } from '../../src/auth/sessions.js';
import { UserService } from '../../src/auth/users.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers.js';

test('the store persists across reopen and keeps valid JSON under concurrent updates', async () => {
    const path = join(await tempDir('store'), 'gateway.json');
    const store = await Store.open(path);
    const users = new UserService(store, new AccessEvents());
    await Promise.all(Array.from({ length: 20 }, (_, i) => users.create(`user${i}`, `password-number-${i}`)));
    const onDisk = JSON.parse(await readFile(path, 'utf8'));
    assert.equal(onDisk.users.length, 20);
    const reopened = await Store.open(path);
    assert.equal(reopened.data.users.length, 20);
    assert.ok(!JSON.stringify(onDisk).includes('password-number-3'), 'no plaintext password on disk');
});

test('a failed update does not block later ones', async () => {
    const store = await Store.open(join(await tempDir('store'), 'gateway.json'));
    await assert.rejects(store.update(() => { throw new Error('boom'); }), /boom/);
    await store.update(data => { data.workspaces = []; });
});

test('duplicate usernames and bad usernames are refused clearly', async () => {
    const users = new UserService(await Store.open(join(await tempDir('store'), 'gateway.json')), new AccessEvents());
    await users.create('alice', 'alice-password');
    await assert.rejects(users.create('alice', 'another-password'), /already exists/);
    await assert.rejects(users.create('../evil', 'another-password'), /username must be/);
    await assert.rejects(users.create('bob', 'short'), /at least 10/);
});

test('authentication: right password, wrong password, unknown user, disabled user', async () => {
    const store = await Store.open(join(await tempDir('store'), 'gateway.json'));
    const users = new UserService(store, new AccessEvents());
    const alice = await users.create('alice', 'alice-password');
    assert.equal((await users.authenticate('alice', 'alice-password'))?.id, alice.id);
    assert.equal(await users.authenticate('alice', 'wrong-password'), undefined);
    assert.equal(await users.authenticate('nobody', 'alice-password'), undefined);
    await store.update(data => { data.users[0].disabled = true; });
    assert.equal(await users.authenticate('alice', 'alice-password'), undefined);
});

test('sessions resolve until they expire or are revoked; only hashes are stored', async () => {
    const store = await Store.open(join(await tempDir('store'), 'gateway.json'));
    const users = new UserService(store, new AccessEvents());
    const alice = await users.create('alice', 'alice-password');
    let now = Date.parse('2026-01-01T00:00:00Z');
    const events = new AccessEvents();
    const ended: string[] = [];
    events.on('sessionEnded', hash => ended.push(hash));
    const sessions = new SessionService(store, users, 60_000, events, () => now);
    const { token } = await sessions.create(alice.id);
    const other = await sessions.create(alice.id);
    assert.equal(sessions.resolve(token)?.id, alice.id);
    assert.ok(!JSON.stringify(store.data).includes(token));
    assert.equal(sessions.resolve('forged-token'), undefined);
    assert.equal(sessions.resolve(undefined), undefined);
    now += 61_000;
    assert.equal(sessions.resolve(token), undefined, 'expired');
    now -= 61_000;
    await sessions.revoke(token);
    assert.equal(sessions.resolve(token), undefined, 'revoked');
    assert.equal(ended.length, 1, 'revoking says so');
    now += 61_000;
    await sessions.sweepExpired();
    assert.equal(ended.length, 2, 'an expired session is announced by the sweep');
    assert.equal(sessions.resolve(other.token), undefined);
    assert.equal(store.data.sessions.length, 0);
    sessions.close();
});
