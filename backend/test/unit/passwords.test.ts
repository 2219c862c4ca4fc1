import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/auth/passwords.js';

test('a scrypt hash verifies its password and nothing else', async () => {
    const hash = await hashPassword('correct horse battery');
    assert.match(hash, /^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    assert.equal(await verifyPassword('correct horse battery', hash), true);
    assert.equal(await verifyPassword('correct horse batterY', hash), false);
    assert.equal(await verifyPassword('', hash), false);
});

test('two hashes of one password differ (random salt)', async () => {
    assert.notEqual(await hashPassword('same password'), await hashPassword('same password'));
});

test('malformed or foreign hashes never verify', async () => {
    assert.equal(await verifyPassword('x', 'plaintext'), false);
    assert.equal(await verifyPassword('x', 'bcrypt$2b$10$abc'), false);
    assert.equal(await verifyPassword('x', ''), false);
});

test('password rules are stated in words', () => {
    assert.match(passwordProblem('short')!, /at least 10/);
    assert.match(passwordProblem('x'.repeat(2000))!, /at most 1024/);
    assert.equal(passwordProblem('long enough password'), undefined);
});
