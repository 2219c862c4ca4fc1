import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Agent, fetch as undiciFetch } from 'undici';
import { isPreviewPort, PINNED_EXTENSIONS_DIR, REGISTRY_RELAY_PORT, REGISTRY_RELAY_URL, REGISTRY_SOCKET_PREFIX } from '@ide/sandbox-contract';
import { makeVsix } from '@ide/test-support';
import { parseProfiles } from '../../src/config/profiles.js';
import { sandboxContainerSpec } from '../../src/sandbox/container-spec.js';
import { Gateway } from '../../src/gateway.js';
import { FakeSandboxes } from '../fake-sandboxes.js';
import { Client, startTestGateway, testConfig, userAdmin, userClient } from '../helpers.js';

const HELLO = 'ide-tests.hello-command';

/** What Theia's vsx-registry does from inside the sandbox (through the relay): GETs on the workspace's gateway.sock. */
function sandboxRegistry(gateway: Gateway, workspaceId: string) {
    const dispatcher = new Agent({ connect: { socketPath: join(gateway.dataDir, 'run', workspaceId, 'gateway.sock') } });
    return (path: string, init: { method?: string } = {}) => undiciFetch(`http://sandbox${REGISTRY_SOCKET_PREFIX}${path}`, { ...init, dispatcher });
}

async function uploadRaw(client: Client, vsix: Buffer): Promise<Response> {
    return fetch(`${client.baseUrl}/api/admin/extensions`, { method: 'POST', headers: { cookie: client.cookie, accept: 'application/json', 'content-type': 'application/octet-stream' }, body: vsix });
}

async function openWorkspace(gateway: Gateway, user: Client, profile?: string): Promise<string> {
    const created = await user.json<{ id: string }>('POST', '/api/workspaces', { name: `p${Math.random().toString(36).slice(2, 8)}`, profile });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await user.request('POST', `/api/workspaces/${created.body.id}/open`)).status, 200);
    return created.body.id;
}

describe('the gateway\'s extension registry', () => {
    const sandboxes = new FakeSandboxes();
    let gateway: Gateway;
    let admin: Client;
    let bob: Client;

    before(async () => {
        gateway = await startTestGateway(await testConfig(), {
            sandboxes,
            profiles: parseProfiles({
                profiles: {
                    default: { image: 'ide-sandbox-base:latest' },
                    locked: { image: 'ide-sandbox-base:latest', allowUserExtensions: false, pinnedExtensions: [HELLO] }
                }
            })
        });
        admin = await userAdmin(gateway);
        bob = await userClient(gateway, 'bob');
    });
    after(async () => gateway.close());

    test('only admins upload: a user gets 403, nobody signed in 401', async () => {
        const asBob = await uploadRaw(bob, makeVsix());
        assert.equal(asBob.status, 403);
        assert.match((await asBob.json() as { error: string }).error, /needs an admin/);
        assert.equal((await uploadRaw(new Client(gateway.url), makeVsix())).status, 401);
        assert.equal((await bob.request('GET', '/api/admin/extensions')).status, 403);
    });

    test('an admin uploads as a raw body and as a multipart form; refusals say why', async () => {
        const raw = await uploadRaw(admin, makeVsix());
        assert.equal(raw.status, 201, await raw.clone().text());
        assert.equal((await raw.json() as { id: string }).id, HELLO);
        const form = new FormData();
        form.append('vsix', new Blob([makeVsix({ version: '1.1.0' })]), 'hello.vsix');
        const multipart = await fetch(`${admin.baseUrl}/api/admin/extensions`, { method: 'POST', headers: { cookie: admin.cookie, accept: 'application/json' }, body: form });
        assert.equal(multipart.status, 201, await multipart.clone().text());

        const again = await uploadRaw(admin, makeVsix());
        assert.equal(again.status, 409);
        assert.match((await again.json() as { error: string }).error, /stored already/);
        const incompatible = await uploadRaw(admin, makeVsix({ name: 'future', engine: '^1.999.0' }));
        assert.equal(incompatible.status, 400);
        assert.match((await incompatible.json() as { error: string }).error, /^Upload refused: ide-tests\.future needs VS Code \^1\.999\.0/);
        const traversal = await uploadRaw(admin, makeVsix({ name: 'evil', extraEntries: [{ name: '../../evil.sh', data: 'x' }] }));
        assert.equal(traversal.status, 400);
        assert.match((await traversal.json() as { error: string }).error, /outside the extension's folder/);
        const oversized = await fetch(`${admin.baseUrl}/api/admin/extensions`, { method: 'POST', headers: { cookie: admin.cookie, accept: 'application/json', 'content-type': 'application/octet-stream' }, body: Buffer.alloc(51 * 1024 * 1024) });
        assert.equal(oversized.status, 413);
        assert.match((await oversized.json() as { error: string }).error, /at most 52428800 bytes \(50 MiB\)/);

        const page = await admin.request('GET', '/admin', undefined, { accept: 'text/html' });
        const html = await page.text();
        assert.match(html, /<div class="card" id="extensions">/);
        assert.match(html, /data-extension="ide-tests\.hello-command" data-version="1\.1\.0"/);
        const listed = await admin.json<{ extensions: { id: string; version: string }[] }>('GET', '/api/admin/extensions');
        assert.deepEqual(listed.body.extensions.map(record => `${record.id}@${record.version}`), [`${HELLO}@1.1.0`, `${HELLO}@1.0.0`]);
    });

    test('a sandbox searches, queries (v2) and downloads as Open VSX answers them', async () => {
        const id = await openWorkspace(gateway, bob);
        const registry = sandboxRegistry(gateway, id);
        const search = await (await registry('/api/-/search?query=hello&size=10&offset=0&includeAllVersions=true')).json() as Record<string, any>;
        assert.equal(search.totalSize, 1);
        assert.equal(search.offset, 0);
        const entry = search.extensions[0];
        assert.equal(entry.namespace, 'ide-tests');
        assert.equal(entry.name, 'hello-command');
        assert.equal(entry.version, '1.1.0');
        assert.equal(entry.displayName, 'Hello Command');
        assert.deepEqual(entry.allVersions.map((version: { version: string }) => version.version), ['1.1.0', '1.0.0']);
        assert.deepEqual(entry.allVersions[0].engines, { vscode: '^1.80.0' });
        assert.match(entry.files.icon, /^data:image\/png;base64,/);
        assert.equal((await (await registry('/api/-/search?query=nothing-like-it')).json() as { totalSize: number }).totalSize, 0);

        const query = await (await registry(`/api/v2/-/query?extensionId=${HELLO}&includeAllVersions=true&targetPlatform=linux-x64`)).json() as Record<string, any>;
        assert.equal(query.totalSize, 2);
        const latest = query.extensions[0];
        assert.equal(latest.version, '1.1.0');
        assert.equal(latest.verified, true);
        assert.equal(latest.publishedBy.loginName, 'admin');
        assert.equal(latest.error, undefined);
        assert.equal(latest.files.download, `${REGISTRY_RELAY_URL}/api/ide-tests/hello-command/1.1.0/file/${HELLO}-1.1.0.vsix`);
        const one = await (await registry(`/api/v2/-/query?extensionId=${HELLO}&extensionVersion=1.0.0`)).json() as { extensions: { version: string }[] };
        assert.deepEqual(one.extensions.map(extension => extension.version), ['1.0.0']);

        const download = await registry(new URL(latest.files.download).pathname);
        assert.equal(download.status, 200);
        assert.deepEqual(Buffer.from(await download.arrayBuffer()), makeVsix({ version: '1.1.0' }));
        const icon = await registry('/api/ide-tests/hello-command/1.1.0/file/icon');
        assert.equal(icon.headers.get('content-type'), 'image/png');

        assert.equal((await registry('/api/ide-tests/hello-command/1.1.0/file/..%2F..%2Fgateway.json')).status, 404);
        assert.equal((await registry('/api/ide-tests/hello-command/9.9.9/file/x.vsix')).status, 404);
        assert.equal((await registry('/api/-/search', { method: 'POST' })).status, 405);
        assert.equal((await registry('/api/-/search?size=100000')).status, 400);
        assert.equal((await registry(`/api/-/search?query=${'x'.repeat(3000)}`)).status, 414);
        assert.equal(isPreviewPort(REGISTRY_RELAY_PORT), false, 'the relay is the runtime\'s own, never offered or reached as a preview');
    });

    test('a profile without user installs: pinned extensions are mounted read-only, others are listed with the reason and refused', async () => {
        assert.equal((await uploadRaw(admin, makeVsix({ name: 'other', displayName: 'Other Hello' }))).status, 201);
        const id = await openWorkspace(gateway, bob, 'locked');
        const started = sandboxes.requests.filter(request => request.id === id).at(-1)!;
        assert.deepEqual(started.pinnedExtensions?.map(pin => pin.id), [HELLO]);
        const binds = sandboxContainerSpec(started, { instance: 't', runtimeDir: '/runtime' }).HostConfig!.Binds!;
        assert.ok(binds.includes(`${started.pinnedExtensions![0].hostDir}:${PINNED_EXTENSIONS_DIR}/${HELLO}:ro`), binds.join(' '));

        const registry = sandboxRegistry(gateway, id);
        const query = await (await registry('/api/v2/-/query?extensionId=ide-tests.other')).json() as { extensions: { error?: string; description: string }[] };
        assert.match(query.extensions[0].error!, /Installing extensions is turned off for this workspace's profile/);
        assert.match(query.extensions[0].description, /turned off/);
        const refused = await registry(`/api/ide-tests/other/1.0.0/file/ide-tests.other-1.0.0.vsix`);
        assert.equal(refused.status, 403);
        assert.match((await refused.json() as { error: string }).error, /ask them to pin ide-tests\.other/);
        const pinned = await (await registry(`/api/v2/-/query?extensionId=${HELLO}`)).json() as { extensions: { error?: string }[] };
        assert.equal(pinned.extensions[0].error, undefined);
    });

    test('a deleted extension is gone from the registry', async () => {
        const id = await openWorkspace(gateway, bob);
        const deleted = await admin.request('DELETE', '/api/admin/extensions/ide-tests.other');
        assert.equal(deleted.status, 200);
        assert.equal((await admin.request('DELETE', '/api/admin/extensions/ide-tests.other')).status, 404);
        assert.equal((await bob.request('DELETE', `/api/admin/extensions/${HELLO}`)).status, 403);
        const search = await (await sandboxRegistry(gateway, id)('/api/-/search?query=other')).json() as { totalSize: number };
        assert.equal(search.totalSize, 0);
    });
});
