import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { Gateway } from '../../src/gateway.js';
import { FakeSandboxes } from '../fake-sandboxes.js';
import { Client, IdeClient, startTestGateway, testConfig, userAdmin, userClient } from '../helpers.js';

describe('each workspace on its own origin', () => {
    let gateway: Gateway;
    let sandboxes: FakeSandboxes;
    let alice: Client;
    let workspaceId: string;
    let otherId: string;
    let port: string;
    const originOf = (id: string): string => `http://${id}.localhost:${port}`;

    before(async () => {
        sandboxes = new FakeSandboxes();
        gateway = await startTestGateway(await testConfig(), { sandboxes });
        port = new URL(gateway.url).port;
        alice = await userClient(gateway, 'alice');
        workspaceId = (await alice.json<{ id: string }>('POST', '/api/workspaces', { name: 'one' })).body.id;
        otherId = (await alice.json<{ id: string }>('POST', '/api/workspaces', { name: 'two' })).body.id;
    });
    after(async () => {
        sandboxes.closeAll();
        await gateway.close();
    });

    test('the dashboard\'s link hands a one-use ticket to the workspace origin, which trades it for a cookie of its own', async () => {
        const launch = await alice.request('GET', `/w/${workspaceId}/some/file?x=1`, undefined, { accept: 'text/html' });
        assert.equal(launch.status, 303);
        assert.equal(launch.headers.get('cache-control'), 'no-store');
        const target = new URL(launch.headers.get('location')!);
        assert.equal(target.origin, originOf(workspaceId));
        assert.equal(target.searchParams.get('next'), '/some/file?x=1');
        assert.equal(launch.headers.getSetCookie().length, 0, 'the gateway sets no cookie for the workspace');

        const ide = IdeClient.at(target.origin);
        const exchange = await ide.request('GET', target.pathname + target.search);
        assert.equal(exchange.status, 303);
        assert.equal(exchange.headers.get('location'), '/some/file?x=1');
        const cookie = exchange.headers.getSetCookie()[0];
        assert.match(cookie, /^ide_ws=[\w-]{40,}; Path=\/; Expires=.*; HttpOnly; SameSite=Lax$/);
        assert.doesNotMatch(cookie, /Domain/i, 'host-only: no other origin gets it');
        assert.equal((await ide.request('GET', '/some/file?x=1')).status, 200);

        const replay = IdeClient.at(target.origin);
        assert.equal((await replay.request('GET', target.pathname + target.search, undefined, { accept: 'text/html' })).status, 401, 'a ticket works once');
        assert.equal(replay.cookie, '');
    });

    test('a ticket for one workspace opens no other; a cookie of one origin opens no other', async () => {
        const launch = await alice.request('GET', `/w/${workspaceId}/`, undefined, { accept: 'text/html' });
        const target = new URL(launch.headers.get('location')!);
        const elsewhere = IdeClient.at(originOf(otherId));
        assert.equal((await elsewhere.request('GET', target.pathname + target.search)).status, 401);
        const ide = await IdeClient.enter(alice, workspaceId);
        const borrowed = IdeClient.at(originOf(otherId));
        borrowed.cookie = ide.cookie;
        assert.equal((await borrowed.request('GET', '/')).status, 401);
    });

    test('the gateway\'s API, pages and MCP refuse requests from workspace origins, whatever the method', async () => {
        const fromWorkspace = { origin: originOf(workspaceId) };
        assert.equal((await alice.request('GET', '/api/me', undefined, fromWorkspace)).status, 403);
        assert.equal((await alice.request('POST', '/api/tokens', { name: 'stolen' }, fromWorkspace)).status, 403);
        const admin = await userAdmin(gateway);
        assert.equal((await admin.request('POST', '/api/admin/users', { username: 'evil', password: 'evil-password-1', isAdmin: true }, fromWorkspace)).status, 403);
        assert.equal((await fetch(`${gateway.url}/mcp`, { method: 'POST', headers: { ...fromWorkspace, 'content-type': 'application/json' }, body: '{}' })).status, 403);
        assert.equal((await alice.request('GET', '/api/me', undefined, { origin: gateway.url })).status, 200, 'the gateway\'s own origin is fine');
        assert.ok(!gateway.store.data.users.some(user => user.username === 'evil'));
    });

    test('the launcher only navigates: other methods and WebSockets on the gateway\'s /w/ are refused', async () => {
        assert.equal((await alice.request('POST', `/w/${workspaceId}/`, {})).status, 405);
        await assert.rejects(new Promise((resolve, reject) => {
            const socket = new WebSocket(`${gateway.url.replace('http', 'ws')}/w/${workspaceId}/services`, { headers: { cookie: alice.cookie, origin: gateway.url } });
            socket.once('open', resolve);
            socket.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
        }), /404/);
    });

    test('"back to the dashboard" goes to the gateway origin the ticket came from; starting the sandbox needs its own origin', async () => {
        const ide = await IdeClient.enter(alice, workspaceId);
        const back = await ide.request('GET', '/.gateway/dashboard');
        assert.equal(back.status, 303);
        assert.equal(back.headers.get('location'), `${gateway.url}/`);
        assert.equal((await ide.request('POST', '/.gateway/open', undefined, { origin: 'http://evil.example' })).status, 403);
        assert.equal((await ide.request('POST', '/.gateway/open', undefined, { origin: ide.origin })).status, 202);
    });
});

describe('path mode (IDE_WORKSPACE_ORIGINS=path), kept for setups without wildcard DNS', () => {
    test('serves the IDE under /w/<id>/ with the gateway\'s session, and says it is unsafe', async () => {
        // A container that takes a moment to start, so its page shows the start.
        const sandboxes = new FakeSandboxes({ engineLatencyMs: 200 });
        const gateway = await startTestGateway(await testConfig({ IDE_WORKSPACE_ORIGINS: 'path' }), { sandboxes });
        try {
            const alice = await userClient(gateway, 'alice');
            const workspaceId = (await alice.json<{ id: string }>('POST', '/api/workspaces', { name: 'one' })).body.id;
            assert.equal((await alice.request('GET', `/w/${workspaceId}/x`)).status, 503, 'browser traffic does not start a sandbox');
            const statusPage = await alice.request('GET', `/w/${workspaceId}/`, undefined, { accept: 'text/html' });
            assert.match(await statusPage.text(), new RegExp(`"status":"/w/${workspaceId}/.gateway/status"`), 'loading the IDE\'s page opens it, and follows its status');
            for (let i = 0; i < 100 && (await alice.json<{ state: string }>('GET', `/w/${workspaceId}/.gateway/status`)).body.state !== 'running'; i++) {
                await new Promise(resolve => setTimeout(resolve, 50));
            }
            const response = await alice.request('GET', `/w/${workspaceId}/x?y=1`);
            assert.equal(response.status, 200);
            assert.deepEqual(await response.json(), { path: '/x?y=1', workspace: workspaceId });
            assert.equal(sandboxes.seen.at(-1)!['x-forwarded-prefix'], `/w/${workspaceId}`);
            assert.deepEqual(response.headers.getSetCookie(), [`theia=ok; Path=/w/${workspaceId}/`]);
            const page = await (await userAdmin(gateway)).request('GET', '/admin', undefined, { accept: 'text/html' });
            assert.match(await page.text(), /unsafe for untrusted code/);
        } finally {
            sandboxes.closeAll();
            await gateway.close();
        }
    });
});
