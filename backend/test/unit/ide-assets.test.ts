import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { Gateway } from '../../src/gateway.js';
import { chooseEncoding } from '../../src/proxy/ide-assets.js';
import { FakeSandboxes } from '../fake-sandboxes.js';
import { Client, IdeClient, REPO_ROOT, startTestGateway, testConfig, userClient } from '../helpers.js';

const FRONTEND = join(REPO_ROOT, 'build/ide-runtime/app/lib/frontend');

test('the encoding is br, else gzip, else none, as Accept-Encoding allows', () => {
    assert.equal(chooseEncoding('gzip, deflate, br, zstd', ['br', 'gzip']), 'br');
    assert.equal(chooseEncoding('gzip, deflate', ['br', 'gzip']), 'gzip');
    assert.equal(chooseEncoding('br;q=0, gzip;q=0.5', ['br', 'gzip']), 'gzip');
    assert.equal(chooseEncoding('*', ['br', 'gzip']), 'br');
    assert.equal(chooseEncoding('*;q=0, identity', ['br', 'gzip']), undefined);
    assert.equal(chooseEncoding(undefined, ['br', 'gzip']), undefined);
    assert.equal(chooseEncoding('br', []), undefined);
});

describe('the IDE\'s static files, served by the gateway from its runtime, compressed and content-addressed', () => {
    let gateway: Gateway;
    let sandboxes: FakeSandboxes;
    let ide: IdeClient;
    let hash: string;
    let bundle: Buffer;
    let alice: Client;

    before(async () => {
        hash = (JSON.parse(await readFile(join(FRONTEND, 'asset-manifest.json'), 'utf8')) as { hash: string }).hash;
        bundle = await readFile(join(FRONTEND, 'bundle.js'));
        const page = await readFile(join(FRONTEND, 'index.html'), 'utf8');
        // The sandbox's Theia serves the build's index.html, as a real one does.
        sandboxes = new FakeSandboxes({
            ide: (req, res) => req.url === '/'
                ? res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: '"theia-etag"' }).end(page)
                // A hostile sandbox: a "page" of 2 MB, more than the gateway reads to rewrite one.
                : req.url === '/?huge' ? res.writeHead(200, { 'content-type': 'text/html' }).end('<p>'.repeat(700_000))
                    : res.end(JSON.stringify({ path: req.url }))
        });
        gateway = await startTestGateway(await testConfig(), { sandboxes });
        alice = await userClient(gateway, 'alice');
        const id = (await alice.json<{ id: string }>('POST', '/api/workspaces', { name: 'assets' })).body.id;
        await alice.request('POST', `/api/workspaces/${id}/open`);
        ide = await IdeClient.enter(alice, id);
    });
    after(async () => {
        sandboxes.closeAll();
        await gateway.close();
    });

    test('the build\'s index.html points at its hashed assets', async () => {
        const index = await readFile(join(FRONTEND, 'index.html'), 'utf8');
        assert.match(index, new RegExp(`src="\\./\\.gateway/assets/${hash}/bundle\\.js"`));
        assert.match(index, new RegExp(`href="\\./\\.gateway/assets/${hash}/bundle\\.css"`));
    });

    test('under the build\'s hash: immutable for a year, brotli or gzip by Accept-Encoding, the very bytes of the build, never asked of the sandbox', async () => {
        const seenBefore = sandboxes.seen.length;
        const url = `/.gateway/assets/${hash}/bundle.js`;
        const brotli = await ide.request('GET', url, undefined, { 'accept-encoding': 'gzip, deflate, br' });
        assert.equal(brotli.status, 200);
        assert.equal(brotli.headers.get('cache-control'), 'public, max-age=31536000, immutable');
        assert.equal(brotli.headers.get('content-encoding'), 'br');
        assert.equal(brotli.headers.get('vary'), 'Accept-Encoding');
        assert.match(brotli.headers.get('content-type')!, /^text\/javascript/);
        const brotliBytes = await readFile(join(FRONTEND, 'bundle.js.br'));
        assert.equal(Number(brotli.headers.get('content-length')), brotliBytes.length);
        assert.ok(brotliBytes.length < bundle.length / 3, `${brotliBytes.length} of ${bundle.length} bytes`);
        assert.ok(brotliDecompressSync(brotliBytes).equals(bundle), 'the build wrote the bundle\'s own bytes');
        assert.ok(Buffer.from(await brotli.arrayBuffer()).equals(bundle), 'and they arrive');

        const gzip = await ide.request('GET', url, undefined, { 'accept-encoding': 'gzip' });
        assert.equal(gzip.headers.get('content-encoding'), 'gzip');
        assert.ok(gunzipSync(await readFile(join(FRONTEND, 'bundle.js.gz'))).equals(bundle));
        assert.ok(Buffer.from(await gzip.arrayBuffer()).equals(bundle));
        const plain = await ide.request('GET', url, undefined, { 'accept-encoding': 'identity' });
        assert.equal(plain.headers.get('content-encoding'), null);
        assert.equal(Number(plain.headers.get('content-length')), bundle.length);
        await plain.arrayBuffer();
        assert.equal(sandboxes.seen.length, seenBefore, 'no request reached the sandbox');
    });

    test('at their usual paths: revalidated, 304 when unchanged; another build\'s hash is not found; no cookie, no file', async () => {
        const script = await ide.request('GET', '/secondary-window.js', undefined, { 'accept-encoding': 'br' });
        assert.equal(script.status, 200);
        assert.equal(script.headers.get('cache-control'), 'no-cache');
        const etag = script.headers.get('etag')!;
        await script.arrayBuffer();
        const again = await ide.request('GET', '/secondary-window.js', undefined, { 'accept-encoding': 'br', 'if-none-match': etag });
        assert.equal(again.status, 304);
        assert.equal((await again.arrayBuffer()).byteLength, 0);
        const otherEncoding = await ide.request('GET', '/secondary-window.js', undefined, { 'accept-encoding': 'gzip', 'if-none-match': etag });
        assert.equal(otherEncoding.status, 200, 'an ETag names one encoding');
        await otherEncoding.arrayBuffer();

        assert.equal((await ide.request('GET', '/.gateway/assets/0123456789abcdef/bundle.js')).status, 404);
        assert.equal((await ide.request('GET', `/.gateway/assets/${hash}/../gateway.json`)).status, 404);
        assert.equal((await ide.request('GET', `/.gateway/assets/${hash}/asset-manifest.json`)).status, 404);
        const anonymous = IdeClient.at(ide.origin);
        assert.equal((await anonymous.request('GET', `/.gateway/assets/${hash}/bundle.js`)).status, 401);
    });

    test('the IDE\'s page, as the sandbox serves it, takes the bundle from the gateway\'s origin, and is revalidated', async () => {
        const page = await ide.request('GET', '/', undefined, { accept: 'text/html', 'accept-encoding': 'gzip, br', 'if-none-match': '"theia-etag"' });
        assert.equal(page.status, 200);
        assert.equal(page.headers.get('cache-control'), 'no-cache');
        assert.equal(page.headers.get('etag'), null, 'the sandbox\'s ETag names the page before it was rewritten');
        const html = await page.text();
        assert.ok(html.includes(`<script type="text/javascript" src="${alice.baseUrl}/.gateway/assets/${hash}/bundle.js" crossorigin="anonymous"`), html);
        assert.ok(html.includes(`href="${alice.baseUrl}/.gateway/assets/${hash}/bundle.css" crossorigin="anonymous"`), html);
        const asked = sandboxes.seen[sandboxes.seen.length - 1];
        assert.equal(asked['accept-encoding'], 'identity', 'asked uncompressed, to be rewritten');
        assert.equal(asked['if-none-match'], undefined);
        await assert.rejects(ide.request('GET', '/?huge', undefined, { accept: 'text/html' }).then(response => response.text()),
            'a page too large to rewrite is cut, not held');
        const again = await ide.request('GET', '/', undefined, { accept: 'text/html' });
        assert.equal(again.status, 200, 'and the gateway keeps serving');
        await again.arrayBuffer();
        const other = await ide.request('GET', '/other');
        assert.deepEqual(await other.json(), { path: '/other' }, 'anything else is the sandbox\'s, untouched');
    });

    test('on the gateway\'s origin, one URL for every workspace: public, immutable, allowed cross-origin; no page of the IDE there', async () => {
        const anonymous = new Client(alice.baseUrl);
        const shared = await anonymous.request('GET', `/.gateway/assets/${hash}/bundle.js`, undefined, { 'accept-encoding': 'br', origin: ide.origin });
        assert.equal(shared.status, 200);
        assert.equal(shared.headers.get('cache-control'), 'public, max-age=31536000, immutable');
        assert.equal(shared.headers.get('access-control-allow-origin'), '*');
        assert.equal(shared.headers.get('cross-origin-resource-policy'), 'cross-origin');
        assert.equal(shared.headers.get('content-encoding'), 'br');
        assert.ok(Buffer.from(await shared.arrayBuffer()).equals(bundle));
        for (const path of [`/.gateway/assets/${hash}/secondary-window.html`, `/.gateway/assets/${hash}/index.html`, `/.gateway/assets/${hash}/asset-manifest.json`,
            '/.gateway/assets/0123456789abcdef/bundle.js', `/.gateway/assets/${hash}/%2e%2e/gateway.json`]) {
            const refused = await anonymous.request('GET', path);
            assert.equal(refused.status, 404, path);
            await refused.arrayBuffer();
        }
        assert.equal((await anonymous.request('POST', `/.gateway/assets/${hash}/bundle.js`)).status, 404, 'only GET and HEAD');
    });

    test('a worker, which must come from the page\'s own origin, is a stub that imports the shared file', async () => {
        const worker = await ide.request('GET', '/editor.worker.js');
        assert.equal(worker.status, 200);
        assert.match(worker.headers.get('content-type')!, /^text\/javascript/);
        assert.equal(await worker.text(), `importScripts(${JSON.stringify(`${alice.baseUrl}/.gateway/assets/${hash}/editor.worker.js`)});\n`);
    });

    test('a write from another workspace\'s page (the same site) or another site is refused; the workspace\'s own pages pass', async () => {
        const other = `http://${'b'.repeat(12)}.localhost`;
        const writes: Record<string, string>[] = [{ origin: other }, { origin: other.replace('//', '//3000--') }, { origin: 'http://evil.example' }, { 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }];
        for (const headers of writes) {
            const refused = await ide.request('POST', '/file-upload', 'x', headers);
            assert.equal(refused.status, 403, JSON.stringify(headers));
            await refused.arrayBuffer();
        }
        const ownPreview = ide.origin.replace('//', '//3000--');
        for (const origin of [ide.origin, ownPreview]) {
            const own = await ide.request('POST', '/file-upload', 'x', { origin, 'sec-fetch-site': origin === ide.origin ? 'same-origin' : 'same-site' });
            assert.notEqual(own.status, 403, origin);
            await own.arrayBuffer();
        }
    });
});
