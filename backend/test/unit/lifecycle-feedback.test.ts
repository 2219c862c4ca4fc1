import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { parseProfiles } from '../../src/config/profiles.js';
import { Gateway } from '../../src/gateway.js';
import { FakeSandboxes } from '../fake-sandboxes.js';
import { Client, IdeClient, startTestGateway, testConfig, userAdmin, userClient } from '../helpers.js';

interface Status { state: string; steps?: { label: string }[]; error?: string; stoppedBecause?: string; idleStopAt?: string }

async function statusOf(ide: IdeClient): Promise<Status> {
    const response = await ide.request('GET', '/.gateway/status');
    assert.equal(response.status, 200);
    return await response.json() as Status;
}

async function until(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (!await check()) {
        if (Date.now() > end) {
            throw new Error(`timed out waiting for ${what}`);
        }
        await sleep(50);
    }
}

describe('the sandbox\'s lifecycle, as its tabs and pages see it', () => {
    let gateway: Gateway;
    let sandboxes: FakeSandboxes;
    let alice: Client;

    before(async () => {
        sandboxes = new FakeSandboxes();
        const profiles = parseProfiles({ profiles: {
            default: { image: 'ide-sandbox-base:latest' },
            quick: { image: 'ide-sandbox-base:latest', idleMinutes: 1 }
        } });
        gateway = await startTestGateway(await testConfig({ IDE_MAX_RUNNING_SANDBOXES_PER_USER: '2' }), { sandboxes, profiles });
        alice = await userClient(gateway, 'alice');
    });
    after(async () => {
        sandboxes.closeAll();
        await gateway.close();
    });

    const create = async (name: string, profile = 'default'): Promise<string> => (await alice.json<{ id: string }>('POST', '/api/workspaces', { name, profile })).body.id;

    test('following the dashboard\'s link opens the workspace, and its page shows the start\'s steps until it runs', async () => {
        const id = await create('opened');
        const ide = await IdeClient.enter(alice, id);
        await until('running', async () => (await statusOf(ide)).state === 'running');
        assert.deepEqual(sandboxes.calls, [`run ${id}`]);
        const steps = (await (await alice.json<Status>('GET', `/api/workspaces/${id}/status`)).body);
        assert.equal(steps.state, 'running');
        assert.equal((await ide.request('GET', '/', undefined, { accept: 'text/html' })).status, 200);
        await alice.request('POST', `/api/workspaces/${id}/delete`);
    });

    test('a stopped workspace stays stopped: its tab\'s reconnects are refused, not obeyed, until the user starts it', async () => {
        const id = await create('stopped');
        const ide = await IdeClient.enter(alice, id);
        await until('running', async () => (await statusOf(ide)).state === 'running');
        const socket = await ide.webSocket('/services');
        await alice.request('POST', `/api/workspaces/${id}/stop`);
        await until('the socket closed', async () => socket.readyState === socket.CLOSED);

        const runs = sandboxes.calls.filter(call => call === `run ${id}`).length;
        for (let i = 0; i < 3; i++) {
            await assert.rejects(ide.webSocket('/services'), /503/);
            assert.equal((await ide.request('GET', '/file/src/index.ts')).status, 503);
        }
        const page = await ide.request('GET', '/', undefined, { accept: 'text/html' });
        assert.equal(page.status, 200);
        assert.match(await page.text(), /"state":"stopped","stoppedBecause":"stopped by alice"/);
        assert.deepEqual(await statusOf(ide), { state: 'stopped', stoppedBecause: 'stopped by alice' });
        assert.equal(sandboxes.calls.filter(call => call === `run ${id}`).length, runs, 'nothing started it');

        assert.equal((await ide.request('POST', '/.gateway/open', undefined, { origin: 'http://evil.example' })).status, 403);
        assert.equal((await ide.request('POST', '/.gateway/open', undefined, { origin: ide.origin })).status, 202);
        await until('running again', async () => (await statusOf(ide)).state === 'running');
        (await ide.webSocket('/services')).close();
        await alice.request('POST', `/api/workspaces/${id}/delete`);
    });

    test('a deleted workspace\'s tab is told so', async () => {
        const id = await create('deleted');
        const ide = await IdeClient.enter(alice, id);
        await alice.request('POST', `/api/workspaces/${id}/delete`);
        assert.deepEqual(await statusOf(ide), { state: 'deleted' });
    });

    test('a failed start says why on the page and the status, and a quota refusal too', async () => {
        sandboxes.behaviour.failStart = 'sandbox image "x" is not present on the Docker host';
        try {
            const id = await create('broken');
            const ide = await IdeClient.enter(alice, id);
            await until('failed', async () => (await statusOf(ide)).state === 'failed');
            const status = await statusOf(ide);
            assert.match(status.error!, /image "x" is not present/);
            assert.deepEqual(status.steps!.map(step => step.label), ['queued']);
            assert.match(await (await ide.request('GET', '/', undefined, { accept: 'text/html' })).text(), /image \\"x\\" is not present/);
            await alice.request('POST', `/api/workspaces/${id}/delete`);
        } finally {
            delete sandboxes.behaviour.failStart;
        }
        const [one, two, three] = [await create('q1'), await create('q2'), await create('q3')];
        await alice.json('POST', `/api/workspaces/${one}/open`);
        await alice.json('POST', `/api/workspaces/${two}/open`);
        const third = await IdeClient.enter(alice, three);
        await until('refused', async () => (await statusOf(third)).state === 'failed');
        assert.match((await statusOf(third)).error!, /your limit is 2: stop one first/);
        for (const id of [one, two, three]) {
            await alice.request('POST', `/api/workspaces/${id}/delete`);
        }
    });

    test('shortly before an idle stop the tab is warned; the user\'s activity puts it off', async () => {
        const id = await create('idle', 'quick');
        const ide = await IdeClient.enter(alice, id);
        await until('running', async () => (await statusOf(ide)).state === 'running');
        const warned = await statusOf(ide);
        assert.ok(warned.idleStopAt, 'an idle stop within 2 minutes is announced');
        const first = Date.parse(warned.idleStopAt);
        await sleep(20);
        assert.equal((await ide.request('POST', '/.gateway/activity', undefined, { origin: 'http://evil.example' })).status, 403);
        assert.equal((await ide.request('POST', '/.gateway/activity', undefined, { origin: ide.origin })).status, 202);
        assert.ok(Date.parse((await statusOf(ide)).idleStopAt!) > first, 'activity moves the stop later');
        await alice.request('POST', `/api/workspaces/${id}/delete`);
    });

    test('the status needs the workspace origin\'s session', async () => {
        const id = await create('private');
        const stranger = IdeClient.at(`http://${id}.localhost:${new URL(gateway.url).port}`);
        assert.equal((await stranger.request('GET', '/.gateway/status')).status, 401);
        const bob = await userClient(gateway, 'bob');
        assert.equal((await bob.request('GET', `/api/workspaces/${id}/status`)).status, 404);
    });
});

describe('the hand-off from the dashboard to a sandbox of the warm pool', () => {
    let gateway: Gateway;
    let sandboxes: FakeSandboxes;
    let admin: Client;
    let bob: Client;

    before(async () => {
        // Every engine answer takes a while, as Docker's do: attaching to a running container is not instant either.
        sandboxes = new FakeSandboxes({ engineLatencyMs: 300 });
        const profiles = parseProfiles({ defaultProfile: 'cold', profiles: {
            cold: { image: 'ide-sandbox-base:latest' },
            pooled: { image: 'ide-sandbox-base:latest', warmPool: 1 }
        } });
        gateway = await startTestGateway(await testConfig(), { sandboxes, profiles });
        admin = await userAdmin(gateway);
        bob = await userClient(gateway, 'bob');
    });
    after(async () => {
        sandboxes.closeAll();
        await gateway.close();
    });

    const warmSandboxReady = async () => (await admin.json<{ sandboxes: { workspaceName: string; state: string }[] }>('GET', '/api/admin/sandboxes')).body.sandboxes
        .some(sandbox => sandbox.workspaceName === '(warm pool)' && sandbox.state === 'running');
    const pageTitle = async (ide: IdeClient) => /<title>([^<]*)<\/title>/.exec(await (await ide.request('GET', '/', undefined, { accept: 'text/html' })).text())?.[1];

    test('a warm-pool workspace\'s page is the IDE at once, not its start\'s progress while the gateway attaches to it', async () => {
        await until('the warm pool filled', warmSandboxReady);
        const id = (await bob.json<{ id: string }>('POST', '/api/workspaces', { name: 'warm', profile: 'pooled' })).body.id;
        const ide = await IdeClient.enter(bob, id);
        const page = await ide.request('GET', '/', undefined, { accept: 'text/html' });
        assert.equal(page.status, 200);
        assert.doesNotMatch(await page.text(), /"state":"starting"/, 'the IDE, not the status page');
        assert.deepEqual(await statusOf(ide), { state: 'running' });
    });

    test('a workspace whose sandbox must be made shows its start\'s progress', async () => {
        const id = (await bob.json<{ id: string }>('POST', '/api/workspaces', { name: 'cold', profile: 'cold' })).body.id;
        const ide = await IdeClient.enter(bob, id);
        assert.equal(await pageTitle(ide), 'cold: starting');
        await until('running', async () => (await statusOf(ide)).state === 'running');
    });
});
