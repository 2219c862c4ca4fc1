import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Gateway } from '../../src/gateway.js';
import { FakeSandboxes } from '../fake-sandboxes.js';
import { Client, IdeClient, startTestGateway, testConfig, userClient } from '../helpers.js';

interface Seen {
    port: number;
    path: string;
    host: string;
}

describe('port preview: a server in the sandbox on its own origin, for its owner and whom they share it with', () => {
    let gateway: Gateway;
    let sandboxes: FakeSandboxes;
    let alice: Client;
    let bob: Client;
    let workspaceId: string;
    let gatewayPort: string;
    const workspaceOrigin = (): string => `http://${workspaceId}.localhost:${gatewayPort}`;
    const portOrigin = (port: number): string => `http://${port}--${workspaceId}.localhost:${gatewayPort}`;

    before(async () => {
        sandboxes = new FakeSandboxes({ closedPorts: [4000] });
        gateway = await startTestGateway(await testConfig(), { sandboxes });
        gatewayPort = new URL(gateway.url).port;
        alice = await userClient(gateway, 'alice');
        bob = await userClient(gateway, 'bob');
        workspaceId = (await alice.json<{ id: string }>('POST', '/api/workspaces', { name: 'web' })).body.id;
        assert.equal((await alice.request('POST', `/api/workspaces/${workspaceId}/open`)).status, 200);
    });
    after(async () => {
        sandboxes.closeAll();
        await gateway.close();
    });

    test('the launcher hands the owner to the port\'s own origin, where the request reaches that port in the sandbox', async () => {
        const launch = await alice.request('GET', `/w/${workspaceId}/port/3000/app?x=1`, undefined, { accept: 'text/html' });
        assert.equal(launch.status, 303);
        const target = new URL(launch.headers.get('location')!);
        assert.equal(target.origin, portOrigin(3000));
        assert.equal(target.searchParams.get('next'), '/app?x=1');

        const preview = await IdeClient.follow(launch, gateway.url);
        const response = await preview.request('GET', '/app?x=1', undefined, { 'x-ide-target-port': '30999', cookie: `${preview.cookie}; ide_session=stolen` });
        assert.equal(response.status, 200);
        const seen = await response.json() as Seen;
        assert.deepEqual(seen, { port: 3000, path: '/app?x=1', host: 'localhost:3000' }, 'the gateway names the port; a browser\'s copy of the header is dropped');
        const headers = sandboxes.seen.at(-1)!;
        assert.equal(headers['x-forwarded-host'], `3000--${workspaceId}.localhost:${gatewayPort}`);
        assert.doesNotMatch(String(headers.cookie ?? ''), /ide_/, 'no gateway cookie reaches the sandbox');
        assert.equal(response.headers.get('content-security-policy'), `frame-ancestors 'self' ${workspaceOrigin()}`, 'only its workspace\'s IDE may frame it');
    });

    test('the IDE reaches a port\'s preview through the gateway path beside it', async () => {
        const ide = await IdeClient.enter(alice, workspaceId);
        const launch = await ide.request('GET', '/.gateway/ports/5173/', undefined, { accept: 'text/html' });
        assert.equal(launch.status, 303);
        assert.equal(new URL(launch.headers.get('location')!).origin, portOrigin(5173));
        const preview = await IdeClient.follow(launch, workspaceOrigin());
        assert.equal(((await (await preview.request('GET', '/')).json()) as Seen).port, 5173);
    });

    test('in the IDE\'s preview frame (another site) the port\'s cookie is also set partitioned, for frames under that site only', async () => {
        const ide = await IdeClient.enter(alice, workspaceId);
        const launch = await ide.request('GET', '/.gateway/ports/3000/', undefined, { accept: 'text/html' });
        const target = new URL(launch.headers.get('location')!);
        const exchange = await IdeClient.at(target.origin).request('GET', target.pathname + target.search, undefined, { 'sec-fetch-dest': 'iframe' });
        const cookies = exchange.headers.getSetCookie();
        assert.equal(cookies.length, 2);
        assert.match(cookies[0], /SameSite=Lax$/);
        assert.match(cookies[1], /^ide_ws=[\w-]+; Path=\/; Expires=.*; HttpOnly; Secure; Partitioned; SameSite=None$/);
        assert.equal(cookies[0].split(';')[0], cookies[1].split(';')[0], 'one session');
    });

    test('a cookie of one origin opens no other: not the IDE from a port, not another port, not a port from the IDE', async () => {
        const preview = await IdeClient.enter(alice, workspaceId, '/port/3000/');
        const ide = await IdeClient.enter(alice, workspaceId);
        const borrowed = (origin: string, cookie: string): Promise<Response> => {
            const client = IdeClient.at(origin);
            client.cookie = cookie;
            return client.request('GET', '/');
        };
        assert.equal((await borrowed(workspaceOrigin(), preview.cookie)).status, 401);
        assert.equal((await borrowed(portOrigin(3001), preview.cookie)).status, 401);
        assert.equal((await borrowed(portOrigin(3000), ide.cookie)).status, 401);
        const page = await IdeClient.at(portOrigin(3000)).request('GET', '/dev?page=1', undefined, { accept: 'text/html' });
        assert.equal(page.status, 303, 'a page load without a cookie is sent to sign in on the gateway');
        assert.equal(page.headers.get('location'), `http://localhost:${gatewayPort}/w/${workspaceId}/port/3000/dev?page=1`);
    });

    test('another user gets "not found" until the owner shares the port, and again once it is private', async () => {
        assert.equal((await bob.request('GET', `/w/${workspaceId}/port/3000/`, undefined, { accept: 'text/html' })).status, 404);
        const shared = await alice.request('PUT', `/api/workspaces/${workspaceId}/ports/3000`, { sharing: 'signed-in' });
        assert.equal(shared.status, 200, await shared.text());
        const bobsView = await IdeClient.enter(bob, workspaceId, '/port/3000/');
        assert.equal(((await (await bobsView.request('GET', '/')).json()) as Seen).port, 3000);
        assert.equal((await bob.request('GET', `/w/${workspaceId}/port/3001/`, undefined, { accept: 'text/html' })).status, 404, 'only that port');
        assert.equal((await bob.request('GET', `/w/${workspaceId}/`, undefined, { accept: 'text/html' })).status, 404, 'never the IDE');
        const listed = await alice.json<{ sharedPorts: number[] }>('GET', `/api/workspaces/${workspaceId}`);
        assert.deepEqual(listed.body.sharedPorts, [3000]);

        assert.equal((await alice.request('PUT', `/api/workspaces/${workspaceId}/ports/3000`, { sharing: 'private' })).status, 200);
        assert.equal((await bobsView.request('GET', '/')).status, 404, 'an earlier cookie stops working at once');
    });

    test('sharing is refused from a workspace\'s origins, for another\'s workspace, and for bad input, each clearly', async () => {
        for (const origin of [workspaceOrigin(), portOrigin(3000)]) {
            assert.equal((await alice.request('PUT', `/api/workspaces/${workspaceId}/ports/3000`, { sharing: 'signed-in' }, { origin })).status, 403);
        }
        assert.equal((await bob.request('PUT', `/api/workspaces/${workspaceId}/ports/3000`, { sharing: 'signed-in' })).status, 404);
        for (const [port, body] of [['80', { sharing: 'signed-in' }], ['70000', { sharing: 'signed-in' }], ['3000', { sharing: 'everyone' }], ['x', { sharing: 'private' }]] as const) {
            const refused = await alice.request('PUT', `/api/workspaces/${workspaceId}/ports/${port}`, body);
            assert.equal(refused.status, 400);
            assert.match((await refused.json() as { error: string }).error, /port \(1024–65535\)/);
        }
        const ide = await IdeClient.enter(alice, workspaceId);
        await ide.request('PUT', '/.gateway/ports/3000/sharing', { sharing: 'signed-in' }, { origin: workspaceOrigin() });
        assert.deepEqual(gateway.store.data.workspaces.find(workspace => workspace.id === workspaceId)?.sharedPorts ?? [], [], 'the IDE\'s origin cannot share');
    });

    test('a port nothing listens on gets a clear page; WebSockets reach the port\'s server', async () => {
        const closed = await IdeClient.enter(alice, workspaceId, '/port/4000/');
        const page = await closed.request('GET', '/', undefined, { accept: 'text/html' });
        assert.equal(page.status, 502);
        assert.match(await page.text(), /nothing listens on port 4000 in this workspace \(yet\): start the server, then reload/);

        const preview = await IdeClient.enter(alice, workspaceId, '/port/8080/');
        const socket = await preview.webSocket('/hmr');
        const echoed = new Promise<string>(resolve => socket.once('message', data => resolve(String(data))));
        socket.send('hello');
        assert.equal(await echoed, 'port 8080:hello');
        socket.close();
        await assert.rejects(IdeClient.at(portOrigin(8080)).webSocket('/hmr'), /status 401/, 'not without the port origin\'s cookie');
        await assert.rejects(preview.webSocket('/hmr', workspaceOrigin()), /status 403/, 'not from another origin');
    });

    test('hosts that name no preview port are no workspace\'s: privileged ports, out of range, malformed', async () => {
        for (const host of [`80--${workspaceId}.localhost`, `70000--${workspaceId}.localhost`, `3000-${workspaceId}.localhost`, `03000--x--${workspaceId}.localhost`]) {
            const response = await fetch(`${gateway.url}/`, { headers: { host: `${host}:${gatewayPort}`, accept: 'application/json' }, redirect: 'manual' });
            assert.notEqual(response.status, 200, host);
            assert.ok(!sandboxes.seen.some(headers => headers['x-forwarded-host'] === `${host}:${gatewayPort}`), `${host} reached no sandbox`);
        }
    });
});

describe('port preview in path mode: /w/<id>/port/<port>/ on the gateway\'s origin', () => {
    test('the owner reaches the port; the IDE\'s path to it redirects there; another user does not', async () => {
        const sandboxes = new FakeSandboxes();
        const gateway = await startTestGateway(await testConfig({ IDE_WORKSPACE_ORIGINS: 'path' }), { sandboxes });
        try {
            const alice = await userClient(gateway, 'alice');
            const bob = await userClient(gateway, 'bob');
            const id = (await alice.json<{ id: string }>('POST', '/api/workspaces', { name: 'web' })).body.id;
            await alice.request('POST', `/api/workspaces/${id}/open`);
            const direct = await alice.request('GET', `/w/${id}/port/3000/api?q=1`);
            assert.equal(direct.status, 200);
            assert.deepEqual(await direct.json(), { port: 3000, path: '/api?q=1', host: 'localhost:3000' });
            const fromIde = await alice.request('GET', `/w/${id}/.gateway/ports/3000/x`);
            assert.equal(fromIde.status, 303);
            assert.equal(fromIde.headers.get('location'), `/w/${id}/port/3000/x`);
            assert.equal((await bob.request('GET', `/w/${id}/port/3000/`)).status, 404);
        } finally {
            sandboxes.closeAll();
            await gateway.close();
        }
    });
});
