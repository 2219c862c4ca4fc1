import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Gateway } from '../../src/gateway.js';
import { FakeSandboxes } from '../fake-sandboxes.js';
import { ADMIN_PASSWORD, Client, IdeClient, startTestGateway, tempDir, testConfig, userAdmin, userClient } from '../helpers.js';

describe('gateway over HTTP', () => {
    let gateway: Gateway;
    let sandboxes: FakeSandboxes;
    let alice: Client;
    let bob: Client;
    let workspaceId: string;

    before(async () => {
        sandboxes = new FakeSandboxes();
        gateway = await startTestGateway(await testConfig({ IDE_LOGIN_ATTEMPTS_PER_15MIN: '5' }), { sandboxes });
        alice = await userClient(gateway, 'alice');
        bob = await userClient(gateway, 'bob');
        workspaceId = (await alice.json<{ id: string }>('POST', '/api/workspaces', { name: 'project' })).body.id;
    });
    after(async () => {
        sandboxes.closeAll();
        await gateway.close();
    });

    test('health and readiness', async () => {
        assert.equal((await fetch(`${gateway.url}/healthz`)).status, 200);
        const ready = await fetch(`${gateway.url}/readyz`);
        assert.equal(ready.status, 200);
        assert.deepEqual((await ready.json() as Json).checks, { docker: 'ok', store: 'ok' });
    });

    test('wrong password and unknown user get the same 401', async () => {
        const client = new Client(gateway.url);
        const wrong = await client.login('alice', 'not-her-password');
        const unknown = await client.login('mallory', 'whatever-password');
        assert.equal(wrong.status, 401);
        assert.equal(unknown.status, 401);
        assert.deepEqual(await wrong.json(), await unknown.json());
        assert.equal(client.cookie, '');
    });

    test('the session cookie is HttpOnly and SameSite; logout ends the session', async () => {
        const client = new Client(gateway.url);
        const response = await client.login('admin', ADMIN_PASSWORD);
        const cookie = response.headers.get('set-cookie')!;
        assert.match(cookie, /HttpOnly/);
        assert.match(cookie, /SameSite=Lax/);
        assert.doesNotMatch(cookie, /Secure/, 'plain HTTP without a trusted TLS proxy');
        assert.equal((await client.request('GET', '/api/me')).status, 200);
        const stale = client.cookie;
        await client.request('POST', '/logout');
        client.cookie = stale;
        assert.equal((await client.request('GET', '/api/me')).status, 401);
    });

    test('an expired or forged session is treated as signed out', async () => {
        const client = new Client(gateway.url);
        await client.login('admin', ADMIN_PASSWORD);
        await gateway.store.update(data => { data.sessions.forEach(session => { session.expiresAt = new Date(0).toISOString(); }); });
        const api = await client.request('GET', '/api/me');
        assert.equal(api.status, 401);
        assert.match(api.headers.get('www-authenticate') ?? '', /Cookie/);
        const page = await client.request('GET', `/w/${workspaceId}/`, undefined, { accept: 'text/html' });
        assert.equal(page.status, 303);
        assert.equal(page.headers.get('location'), `/login?next=${encodeURIComponent(`/w/${workspaceId}/`)}`);
        const ide = IdeClient.at(`http://${workspaceId}.localhost:${new URL(gateway.url).port}`);
        const bookmark = await ide.request('GET', '/some/file', undefined, { accept: 'text/html' });
        assert.equal(bookmark.status, 303, 'a workspace origin without its session sends the browser to sign in on the gateway');
        assert.equal(bookmark.headers.get('location'), `http://localhost:${new URL(gateway.url).port}/w/${workspaceId}/some/file`);
        assert.equal((await ide.request('GET', '/api/whatever')).status, 401);
        client.cookie = 'ide_session=forged';
        assert.equal((await client.request('GET', '/api/me')).status, 401);
        alice = await userClientAgain(gateway, 'alice');
        bob = await userClientAgain(gateway, 'bob');
    });

    test('bad input: names with ../, unknown workspace, malformed JSON, oversized body, cross-site writes', async () => {
        const traversal = await alice.json('POST', '/api/workspaces', { name: '../../etc' });
        assert.equal(traversal.status, 400);
        assert.match(String(traversal.body.error), /must not contain/);
        assert.equal((await alice.request('GET', '/api/workspaces/doesnotexist')).status, 404);
        assert.equal((await alice.request('GET', '/w/doesnotexist/', undefined, { accept: 'text/html' })).status, 404);
        assert.equal((await alice.request('GET', '/w/..%2F..%2Fetc/', undefined, { accept: 'text/html' })).status, 404);
        const huge = await fetch(`${gateway.url}/api/workspaces`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: alice.cookie }, body: JSON.stringify({ name: 'x'.repeat(200_000) }) });
        assert.equal(huge.status, 413);
        const bad = await fetch(`${gateway.url}/api/workspaces`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: alice.cookie, accept: 'application/json' }, body: '{"name":' });
        assert.equal(bad.status, 400);
        assert.match((await bad.json() as Json).error, /not valid JSON/);
        const csrf = await alice.request('POST', '/api/workspaces', { name: 'csrf' }, { origin: 'https://evil.example' });
        assert.equal(csrf.status, 403);
    });

    test('the proxy relays to the owner\'s sandbox on its own origin, without gateway cookies or credentials', async () => {
        const ide = await IdeClient.enter(alice, workspaceId);
        assert.equal(ide.origin, `http://${workspaceId}.localhost:${new URL(gateway.url).port}`);
        const response = await ide.request('GET', '/some/path?q=1', undefined, { cookie: `${ide.cookie}; ide_session=leaked; theme=dark`, authorization: 'Bearer nope' });
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), { path: '/some/path?q=1', workspace: workspaceId });
        const headers = sandboxes.seen.at(-1)!;
        assert.equal(headers.cookie, 'theme=dark');
        assert.equal(headers.authorization, undefined);
        assert.equal(headers['x-forwarded-prefix'], undefined, 'the IDE is at the root of its origin');
        assert.equal(headers.host, new URL(ide.origin).host);
        assert.deepEqual(response.headers.getSetCookie(), ['theia=ok; Path=/'], 'no gateway cookie; the IDE\'s cookie host-only');
        assert.equal(response.headers.get('x-frame-options'), 'SAMEORIGIN');
    });

    test('the sandbox\'s own endpoints are on another channel: no path through the IDE\'s origin reaches them', async () => {
        const ide = await IdeClient.enter(alice, workspaceId);
        for (const inner of ['/.ide/tools/call', '/.IDE/tools/call', '/tools/call', '/ready', '/%2eide/tools/call']) {
            const response = await ide.request('POST', inner, '{"tool":"run_command","arguments":{"command":"id"}}');
            assert.deepEqual(await response.json(), { path: inner, workspace: workspaceId }, `${inner} went to the IDE, not the tool executor`);
        }
    });

    test('/metrics counts sandboxes and relayed requests, for this machine only unless a token is set', async () => {
        await (await IdeClient.enter(alice, workspaceId)).request('GET', '/metrics-probe');
        const text = await (await fetch(`${gateway.url}/metrics`)).text();
        assert.match(text, /^ide_sandboxes\{state="running"\} 1$/m);
        assert.match(text, /^ide_proxy_requests_total\{kind="http",outcome="relayed"\} [1-9]\d*$/m);
        assert.match(text, /^# TYPE ide_sandbox_start_seconds histogram$/m);
        assert.match(text, /^ide_gateway_process_resident_memory_bytes \d+$/m);

        const guarded = await startTestGateway(await testConfig({ IDE_METRICS_TOKEN: 'a-long-scrape-token-123' }), { sandboxes });
        try {
            const refused = await fetch(`${guarded.url}/metrics`);
            assert.equal(refused.status, 401);
            assert.match(refused.headers.get('www-authenticate') ?? '', /Bearer/);
            assert.equal((await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status, 401);
            assert.equal((await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer a-long-scrape-token-123' } })).status, 200);
        } finally {
            await guarded.close();
        }
    });

    test('the admin page and API: users, quotas, sandboxes, profiles; nobody else gets in', async () => {
        assert.equal((await alice.request('GET', '/admin', undefined, { accept: 'text/html' })).status, 403);
        assert.equal((await alice.request('GET', '/api/admin/sandboxes')).status, 403);
        const admin = await userAdmin(gateway);
        const page = await admin.request('GET', '/admin', undefined, { accept: 'text/html' });
        assert.equal(page.status, 200);
        const html = await page.text();
        assert.match(html, /data-user="alice"/);
        assert.match(html, new RegExp(`data-workspace="${workspaceId}"`));
        const aliceId = (await admin.json<{ users: { id: string; username: string }[] }>('GET', '/api/admin/users')).body.users.find(user => user.username === 'alice')!.id;
        const form = await admin.request('POST', `/api/admin/users/${aliceId}`, undefined, { 'content-type': 'application/x-www-form-urlencoded' });
        assert.equal(form.status, 303);
        const quota = await fetch(`${gateway.url}/api/admin/users/${aliceId}`, { method: 'POST', redirect: 'manual', headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'maxWorkspaces=7&maxRunningSandboxes=' });
        assert.equal(quota.status, 303);
        const users = (await admin.json<{ users: { username: string; quota: { maxWorkspaces?: number } }[] }>('GET', '/api/admin/users')).body.users;
        assert.equal(users.find(user => user.username === 'alice')!.quota.maxWorkspaces, 7);
        const bad = await admin.json<{ error: string }>('PATCH', `/api/admin/users/${aliceId}`, { quota: { maxWorkspaces: 'lots' } });
        assert.equal(bad.status, 400);
        assert.match(bad.body.error, /quota\.maxWorkspaces/);
        const sandboxList = (await admin.json<{ sandboxes: { workspaceId: string; owner: string; state: string }[] }>('GET', '/api/admin/sandboxes')).body.sandboxes;
        assert.deepEqual(sandboxList.find(sandbox => sandbox.workspaceId === workspaceId), { ...sandboxList.find(sandbox => sandbox.workspaceId === workspaceId), owner: 'alice', state: 'running' });
        const profiles = (await admin.json<{ profiles: { name: string; isDefault: boolean }[] }>('GET', '/api/admin/profiles')).body.profiles;
        assert.deepEqual(profiles.map(profile => [profile.name, profile.isDefault]), [['default', true]]);
    });

    test('another user gets 404 for the workspace, over HTTP and WebSocket', async () => {
        assert.equal((await bob.request('GET', `/w/${workspaceId}/`, undefined, { accept: 'text/html' })).status, 404);
        assert.equal((await bob.request('GET', `/api/workspaces/${workspaceId}`)).status, 404);
        assert.equal((await bob.request('POST', `/api/workspaces/${workspaceId}/stop`)).status, 404);
        assert.equal((await bob.request('DELETE', `/api/workspaces/${workspaceId}`)).status, 404);
        const bobsOwn = (await bob.json<{ id: string }>('POST', '/api/workspaces', { name: 'bobs' })).body.id;
        const bobIde = await IdeClient.enter(bob, bobsOwn);
        const stolen = IdeClient.at(`http://${workspaceId}.localhost:${new URL(gateway.url).port}`);
        stolen.cookie = bobIde.cookie;
        assert.equal((await stolen.request('GET', '/')).status, 401, 'a workspace origin\'s cookie opens that workspace only');
        await assert.rejects(stolen.webSocket('/services'), /401/);
        await assert.rejects(IdeClient.at(stolen.origin).webSocket('/services'), /401/);
    });

    test('WebSockets are relayed for the owner and refused cross-origin', async () => {
        const ide = await IdeClient.enter(alice, workspaceId);
        const socket = await ide.webSocket('/services');
        const reply = new Promise<string>(resolve => socket.once('message', data => resolve(String(data))));
        socket.send('hello');
        assert.equal(await reply, 'echo:hello');
        socket.close();
        assert.equal(sandboxes.seen.at(-1)!.cookie, undefined);
        await assert.rejects(ide.webSocket('/services', 'https://evil.example'), /403/);
        await assert.rejects(ide.webSocket('/services', gateway.url), /403/, 'not even from the gateway\'s own origin');
    });

    test('repeated wrong passwords are rate limited', async () => {
        const client = new Client(gateway.url);
        const statuses: number[] = [];
        for (let i = 0; i < 7; i++) {
            statuses.push((await client.login('bob', `wrong-password-${i}`)).status);
        }
        assert.ok(statuses.includes(429), `expected a 429 among ${statuses}`);
        const limited = await client.login('bob', 'bob-password-123');
        assert.equal(limited.status, 429, 'still limited even with the right password');
        const neighbour = await new Client(gateway.url).login('alice', 'alice-password-123');
        assert.equal(neighbour.status, 200, 'another account from the same address signs in');
    });
});

describe('Docker down', () => {
    test('readyz and opening a workspace answer 503 with a clear message, and the gateway keeps serving', async () => {
        const gateway = await startTestGateway(await testConfig({ IDE_DOCKER_SOCKET: join(await tempDir('nodocker'), 'docker.sock') }), { sandboxes: undefined });
        try {
            const ready = await fetch(`${gateway.url}/readyz`);
            assert.equal(ready.status, 503);
            assert.match((await ready.json() as Json).checks.docker, /not reachable/);
            const admin = new Client(gateway.url);
            await admin.login('admin', ADMIN_PASSWORD);
            const created = await admin.json<{ id: string }>('POST', '/api/workspaces', { name: 'offline' });
            assert.equal(created.status, 503, 'describing needs the engine');
            const id = gateway.store.data.workspaces[0].id;
            const open = await admin.json('POST', `/api/workspaces/${id}/open`);
            assert.equal(open.status, 503);
            assert.match(String(open.body.error), /Docker\) is unavailable/);
            assert.equal((await fetch(`${gateway.url}/healthz`)).status, 200);
        } finally {
            await gateway.close();
        }
    });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function userClientAgain(gateway: Gateway, username: string): Promise<Client> {
    const client = new Client(gateway.url);
    await client.login(username, `${username}-password-123`);
    return client;
}
