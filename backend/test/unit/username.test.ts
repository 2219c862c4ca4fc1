import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeUsername } from '../../src/auth/username.js';
import { parseProfiles } from '../../src/config/profiles.js';
import { ConfigError, readServerConfig } from '../../src/config/server-config.js';

test('a username has one spelling: NFKC, trimmed, lower-cased', () => {
    const cases: [unknown, string | undefined][] = [
        ['alice', 'alice'],
        [' Alice ', 'alice'],
        ['ALICE', 'alice'],
        ['ａｌｉｃｅ', 'alice'],
        ['\u00a0alice\u3000', 'alice'],
        ['\u212aate', 'kate'], // the Kelvin sign
        ['ali\ufb01', 'alifi'], // the "fi" ligature
        ['j.doe_2-x', 'j.doe_2-x'],
        ['', undefined],
        ['   ', undefined],
        ['a', undefined],
        ['al ice', undefined],
        ['al\u200bice', undefined],
        ['ålice', undefined],
        ['\u0130lse', undefined], // İ lower-cases to i + combining dot, not to "i"
        ['1alice', undefined],
        ['a'.repeat(33), undefined],
        [` ${'a'.repeat(200)}`, undefined],
        [42, undefined],
        [['alice'], undefined],
        [null, undefined]
    ];
    for (const [input, expected] of cases) {
        assert.equal(normalizeUsername(input), expected, JSON.stringify(input));
    }
});

test('over-long input is refused before it is normalised', () => {
    // U+FDFA expands 18-fold under NFKC; a megabyte of it would be 18 MB of work.
    const hostile = '\ufdfa'.repeat(1_000_000);
    const started = performance.now();
    assert.equal(normalizeUsername(hostile), undefined);
    assert.ok(performance.now() - started < 50);
});

test('usernames in configuration are normalised the same way', () => {
    assert.equal(readServerConfig({ IDE_ADMIN_USER: ' Root ' }).adminUser, 'root');
    assert.throws(() => readServerConfig({ IDE_ADMIN_USER: 'no spaces' }), (error: Error) => error instanceof ConfigError && /IDE_ADMIN_USER: username must be/.test(error.message));
    const catalog = parseProfiles({ defaultProfile: 'solo', profiles: { solo: { image: 'x:latest', allowedUsers: ['Bob', 'ａｌｉｃｅ'] } } });
    assert.deepEqual(catalog.profiles.get('solo')?.allowedUsers, ['bob', 'alice']);
});
