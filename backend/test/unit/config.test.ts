import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProfiles, loadProfiles } from '../../src/config/profiles.js';
import { parseByteSize } from '../../src/config/sizes.js';
import { readServerConfig } from '../../src/config/server-config.js';
import { PriceTable } from '../../src/llm/price-table.js';
import { REPO_ROOT, tempDir } from '../helpers.js';
import { ProfileEditor } from '../../src/config/profile-editor.js';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { UsageLedger } from '../../src/llm/usage-ledger.js';
import { join } from 'node:path';

test('sizes use Docker units', () => {
    assert.equal(parseByteSize('512m'), 512 * 1024 ** 2);
    assert.equal(parseByteSize('2g'), 2 * 1024 ** 3);
    assert.equal(parseByteSize('1.5G'), 1.5 * 1024 ** 3);
    assert.equal(parseByteSize(4096), 4096);
    assert.equal(parseByteSize('lots'), undefined);
    assert.equal(parseByteSize('-1m'), undefined);
    assert.equal(parseByteSize('0'), undefined);
});

test('the shipped profiles file is valid and hardened by default', async () => {
    const catalog = await loadProfiles(`${REPO_ROOT}configs/profiles.yaml`);
    const profile = catalog.profiles.get(catalog.defaultProfile)!;
    assert.equal(profile.network, 'none');
    assert.equal(profile.memory, 2 * 1024 ** 3);
    assert.ok(profile.pids > 0);
});

test('a profile gets defaults for everything but its image', () => {
    const profile = parseProfiles({ profiles: { default: { image: 'debian:bookworm' } } }).profiles.get('default')!;
    assert.deepEqual({ cpus: profile.cpus, pids: profile.pids, network: profile.network, runtime: profile.runtime }, { cpus: 1, pids: 512, network: 'none', runtime: 'runc' });
    assert.deepEqual({ pinned: profile.pinnedExtensions, allowUserExtensions: profile.allowUserExtensions }, { pinned: [], allowUserExtensions: true });
});

test('invalid profiles are refused with the field that is wrong', () => {
    const cases: [unknown, RegExp][] = [
        [{ profiles: { default: {} } }, /profiles\.default\.image/],
        [{ profiles: { default: { image: 'x', memory: 'lots' } } }, /memory must be a size/],
        [{ profiles: { default: { image: 'x', network: 'host' } } }, /profiles\.default\.network/],
        [{ profiles: { default: { image: 'x', privileged: true } } }, /privileged/],
        [{ profiles: { default: { image: 'x', env: { 'BAD NAME': '1' } } } }, /shell identifiers/],
        [{ profiles: { Bad_Name: { image: 'x' } } }, /lowercase/],
        [{ defaultProfile: 'gpu', profiles: { default: { image: 'x' } } }, /defaultProfile "gpu"/],
        [{ profiles: { default: { image: 'x; rm -rf /' } } }, /Docker image reference/],
        [{ profiles: { default: { image: 'x', pinnedExtensions: ['../etc'] } } }, /profiles\.default\.pinnedExtensions\.0: a pinned extension is publisher\.name/],
        [{ profiles: { default: { image: 'x', pinnedExtensions: ['a.b@1@2'] } } }, /pinnedExtensions\.0/],
        [{ profiles: { default: { image: 'x', allowUserExtensions: 'yes' } } }, /allowUserExtensions/],
        ['just a string', /\(root\)/]
    ];
    for (const [document, message] of cases) {
        assert.throws(() => parseProfiles(document), message, JSON.stringify(document));
    }
});

test('a missing or broken profiles file says which file', async () => {
    await assert.rejects(loadProfiles('/nonexistent/profiles.yaml'), /cannot read profiles file \/nonexistent/);
});

test('server config: defaults, and clear errors for bad values', () => {
    const config = readServerConfig({}, '/srv');
    assert.equal(config.port, 8080);
    assert.equal(config.dataDir, '/srv/.data');
    assert.equal(config.trustProxy, false);
    assert.throws(() => readServerConfig({ IDE_PORT: '99999' }), /IDE_PORT/);
    assert.throws(() => readServerConfig({ IDE_ADMIN_PASSWORD: 'short' }), /at least 12/);
    assert.throws(() => readServerConfig({ IDE_TLS_CERT: 'cert.pem' }), /set together/);
});

test('the shipped price table loads; a bad one names the field; costs add up per token kind', async () => {
    const shipped = await PriceTable.load(`${REPO_ROOT}/configs/llm-prices.yaml`);
    assert.ok(shipped.models.length > 0);
    assert.throws(() => PriceTable.parse({ models: { 'ok-model': { input: 1, output: -2 } } }), /models\.ok-model\.output/);
    assert.throws(() => PriceTable.parse({ models: { 'bad model!': { input: 1, output: 2 } } }), /model names are letters/);
    assert.throws(() => PriceTable.parse({ models: {}, extra: 1 }), /extra|Unrecognized/);
    const table = PriceTable.parse({ models: { m: { input: 3, output: 15 } } });
    assert.equal(table.costUsd('m', { inputTokens: 1_000_000, outputTokens: 0, cacheWriteTokens: 1_000_000, cacheReadTokens: 1_000_000 }), 3 + 3.75 + 0.3);
    assert.equal(table.costUsd('unknown', { inputTokens: 1, outputTokens: 1, cacheWriteTokens: 0, cacheReadTokens: 0 }), 0);
    assert.throws(() => readServerConfig({ IDE_ANTHROPIC_BASE_URL: 'ftp://x' }), /IDE_ANTHROPIC_BASE_URL must be an http\(s\) URL/);
});

test('empty secrets from compose (`${VAR:-}`) mean unset; short ones are refused', () => {
    const config = readServerConfig({ IDE_ANTHROPIC_API_KEY: '', IDE_METRICS_TOKEN: '' });
    assert.equal(config.llm.apiKey, undefined);
    assert.equal(config.metricsToken, undefined);
    assert.throws(() => readServerConfig({ IDE_METRICS_TOKEN: 'short' }), /IDE_METRICS_TOKEN must have at least 16 characters/);
});

test('admins replace the profiles: bad YAML and bad fields are refused with the reason; good ones apply at once', async () => {
    const path = join(await tempDir('profiles'), 'profiles.yaml');
    await writeFile(path, 'profiles:\n  default:\n    image: ide-sandbox-base:latest\n');
    const catalog = await loadProfiles(path);
    const editor = new ProfileEditor(catalog, path);
    await assert.rejects(editor.replace('profiles: [unclosed'), /not valid YAML/);
    await assert.rejects(editor.replace('profiles:\n  default:\n    image: x\n    network: wifi\n'), /profiles\.default\.network: network must be "none"/);
    await assert.rejects(editor.replace(''), /send the profiles file/);
    assert.equal(await readFile(path, 'utf8'), 'profiles:\n  default:\n    image: ide-sandbox-base:latest\n', 'nothing written when refused');
    await editor.replace('defaultProfile: small\nprofiles:\n  small:\n    image: ide-sandbox-base:latest\n    memory: 512m\n    warmPool: 2\n');
    assert.equal(catalog.defaultProfile, 'small');
    assert.deepEqual([...catalog.profiles.keys()], ['small']);
    assert.equal(catalog.profiles.get('small')!.warmPool, 2);
    assert.match(await editor.text(), /warmPool: 2/);
});

test('the usage ledger survives a restart: totals are rebuilt from its file, a line cut by a crash is skipped', async () => {
    const path = join(await tempDir('ledger'), 'llm-usage.jsonl');
    const ledger = await UsageLedger.open(path);
    const record = { at: new Date().toISOString(), userId: 'u1', username: 'ada', workspaceId: 'w', taskId: 't1', model: 'm', inputTokens: 10, outputTokens: 5, cacheWriteTokens: 0, cacheReadTokens: 0, costUsd: 0.5, durationMs: 1, status: 200 };
    await ledger.record(record);
    await ledger.record({ ...record, taskId: undefined, costUsd: 0.25 });
    await appendFile(path, '{"at":"2026-');
    const reopened = await UsageLedger.open(path);
    assert.equal(reopened.userMonth('u1').costUsd, 0.75);
    assert.equal(reopened.userMonth('u1').requests, 2);
    assert.equal(reopened.task('u1', 't1').inputTokens, 10);
    assert.deepEqual(reopened.allUsersThisMonth().map(entry => entry.username), ['ada']);
});
