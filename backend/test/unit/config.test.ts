import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProfiles, loadProfiles } from '../../src/config/profiles.js';
import { parseByteSize } from '../../src/config/sizes.js';
import { readServerConfig } from '../../src/config/server-config.js';
import { PriceTable } from '../../src/llm/price-table.js';
import { REPO_ROOT } from '../helpers.js';

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
