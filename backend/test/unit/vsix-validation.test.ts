import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { makeVsix, makeZip } from '@ide/test-support';
import { DEFAULT_VSIX_LIMITS, validateVsix, VsixRejected } from '../../src/extensions-registry/vsix-validation.js';
import { ExtensionStore } from '../../src/extensions-registry/extension-store.js';
import { PinnedExtensions } from '../../src/extensions-registry/pinned-extensions.js';
import { parseProfiles } from '../../src/config/profiles.js';
import { createLogger } from '../../src/log.js';
import { tempDir } from '../helpers.js';

async function refusal(vsix: Buffer, limits = DEFAULT_VSIX_LIMITS): Promise<string> {
    const error = await validateVsix(vsix, limits).then(() => undefined, (caught: unknown) => caught);
    assert.ok(error instanceof VsixRejected, `expected a refusal, got ${error}`);
    return error.message;
}

describe('a .vsix upload is validated before the gateway stores or unpacks it', () => {
    test('a good extension gives its manifest, lowercase id and icon', async () => {
        const manifest = await validateVsix(makeVsix({ publisher: 'IDE-Tests', name: 'Hello', version: '1.2.3' }));
        assert.equal(manifest.id, 'ide-tests.hello');
        assert.equal(manifest.version, '1.2.3');
        assert.equal(manifest.engine, '^1.80.0');
        assert.equal(manifest.icon?.contentType, 'image/png');
    });

    test('bytes that are not a zip are refused', async () => {
        assert.match(await refusal(Buffer.from('this is not a zip file at all, just text')), /not a valid \.vsix \(zip\) file/);
        assert.match(await refusal(makeVsix().subarray(0, 200)), /not a valid \.vsix \(zip\) file/);
    });

    test('a file over the size limit is refused, naming the limit', async () => {
        assert.match(await refusal(makeVsix(), { ...DEFAULT_VSIX_LIMITS, maxBytes: 100 }), /at most 100 bytes/);
    });

    test('entries that would land outside the folder are refused: "..", absolute, backslash, drive letters', async () => {
        for (const name of ['../evil.js', 'extension/../../evil.js', '/etc/cron.d/evil', 'extension\\..\\..\\evil.js', 'C:/evil.js']) {
            assert.match(await refusal(makeVsix({ extraEntries: [{ name, data: 'x' }] })), /outside the extension's folder/, name);
        }
    });

    test('an engine the runtime does not implement is refused, saying both versions', async () => {
        const message = await refusal(makeVsix({ engine: '^1.200.0' }));
        assert.match(message, /needs VS Code \^1\.200\.0; this IDE runs the VS Code API 1\.130\.0/);
        assert.match(await refusal(makeVsix({ engine: 'not a range' })), /needs VS Code not a range/);
    });

    test('missing manifest fields are named', async () => {
        assert.match(await refusal(makeVsix({ omit: ['publisher', 'version'] })), /lacks publisher, version/);
        assert.match(await refusal(makeVsix({ engine: null })), /lacks engines\.vscode/);
        assert.match(await refusal(makeZip([{ name: 'readme.md', data: 'hi' }])), /no extension\/package\.json/);
        assert.match(await refusal(makeZip([{ name: 'extension/package.json', data: '{nope' }])), /is not JSON/);
        assert.match(await refusal(makeVsix({ version: 'one' })), /not a semantic version/);
    });

    test('zip bombs are refused: a compression ratio no real file has, a declared total over the bound, too many entries', async () => {
        const zeros = Buffer.alloc(16 * 1024 * 1024);
        assert.match(await refusal(makeVsix({ extraEntries: [{ name: 'extension/zeros.bin', data: zeros }] })), /compressed more than 200:1/);
        assert.match(await refusal(makeVsix({ extraEntries: [{ name: 'extension/big.bin', data: 'x', declaredSize: 300 * 1024 * 1024 }] })), /unpacks to more than 268435456 bytes/);
        assert.match(await refusal(makeVsix({ extraEntries: [{ name: 'extension/data.bin', data: Buffer.alloc(4000, 7), store: true }] }), { ...DEFAULT_VSIX_LIMITS, maxUncompressedBytes: 3000 }), /unpacks to more than 3000 bytes/);
        assert.match(await refusal(makeVsix(), { ...DEFAULT_VSIX_LIMITS, maxEntries: 3 }), /has 5 entries; at most 3/);
    });

    test('an archive lying about an entry\'s size fails when that entry is read', async () => {
        const lying = makeZip([{ name: 'extension/package.json', data: JSON.stringify({ publisher: 'a', name: 'b', version: '1.0.0', engines: { vscode: '*' } }), declaredSize: 10 }]);
        assert.match(await refusal(lying), /cannot read extension\/package\.json|not a valid/);
    });
});

describe('pinned extensions are unpacked by the gateway', () => {
    test('only the extension folder, as plain files readable by the sandbox user; a pin the registry lacks is skipped', async () => {
        const dir = await tempDir('pinned');
        const store = await ExtensionStore.open(join(dir, 'store'));
        await store.add(makeVsix(), 'admin');
        assert.equal((await stat(store.vsixPath(store.list()[0]))).mode & 0o777, 0o600);
        const pinned = new PinnedExtensions(store, join(dir, 'unpacked'), createLogger('silent'));
        const profile = parseProfiles({ profiles: { default: { image: 'x', pinnedExtensions: ['ide-tests.hello-command', 'ide-tests.absent'] } } }).profiles.get('default')!;
        const mounts = await pinned.forProfile(profile);
        assert.equal(mounts.length, 1);
        assert.equal(mounts[0].id, 'ide-tests.hello-command');
        assert.deepEqual((await readdir(mounts[0].hostDir)).sort(), ['extension.js', 'icon.png', 'package.json']);
        assert.equal(JSON.parse(await readFile(join(mounts[0].hostDir, 'package.json'), 'utf8')).name, 'hello-command');
        assert.equal((await stat(join(mounts[0].hostDir, 'extension.js'))).mode & 0o777, 0o644);
        assert.deepEqual(await pinned.forProfile(profile), mounts, 'unpacked once, then reused');
    });
});
