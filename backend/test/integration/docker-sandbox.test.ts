import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ServerConfig } from '../../src/config/server-config.js';
import { Gateway } from '../../src/gateway.js';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEV_SERVER_SCRIPT } from '@ide/test-support';
import { SANDBOX_SOCKETS } from '@ide/sandbox-contract';
import { docker, inSandbox } from '../docker-shell.js';
import { ADMIN_PASSWORD, Client, IdeClient, startTestGateway, testConfig, userClient } from '../helpers.js';

interface Inspect {
    Id: string;
    Config: { User: string; Hostname: string };
    State: { Running: boolean };
    HostConfig: Record<string, unknown> & { Binds: string[]; Tmpfs: Record<string, string> };
    Mounts: { Destination: string; RW: boolean; Source: string; Type: string }[];
}

async function inspect(container: string): Promise<Inspect> {
    return JSON.parse(await docker('inspect', container))[0];
}

describe('sandboxes on the real Docker engine', { timeout: 300_000 }, () => {
    let config: ServerConfig;
    let gateway: Gateway;
    let alice: Client;
    let bob: Client;
    let aliceWs: string;
    let bobWs: string;
    const container = (workspaceId: string): string => `ide-${config.instance}-${workspaceId}`;

    before(async () => {
        config = await testConfig({ IDE_INSTANCE: `it${process.pid}` });
        gateway = await startTestGateway(config);
        alice = await userClient(gateway, 'alice');
        bob = await userClient(gateway, 'bob');
        aliceWs = (await alice.json<{ id: string }>('POST', '/api/workspaces', { name: 'alice-project' })).body.id;
        bobWs = (await bob.json<{ id: string }>('POST', '/api/workspaces', { name: 'bob-project' })).body.id;
        const [openedA, openedB] = await Promise.all([
            alice.json('POST', `/api/workspaces/${aliceWs}/open`),
            bob.json('POST', `/api/workspaces/${bobWs}/open`)
        ]);
        assert.equal(openedA.status, 200, JSON.stringify(openedA.body));
        assert.equal(openedB.status, 200, JSON.stringify(openedB.body));
    });

    after(async () => {
        for (const [client, id] of [[alice, aliceWs], [bob, bobWs]] as const) {
            await client?.request('DELETE', `/api/workspaces/${id}`).catch(() => undefined);
        }
        await gateway?.close();
    });

    test('the sandbox is created with the default hardening', async () => {
        const info = await inspect(container(aliceWs));
        const host = info.HostConfig;
        assert.equal(info.Config.User, '1000:1000');
        assert.deepEqual(host.CapDrop, ['ALL']);
        assert.equal(host.CapAdd, null);
        assert.equal(host.Privileged, false);
        assert.equal(host.ReadonlyRootfs, true);
        assert.deepEqual(host.SecurityOpt, ['no-new-privileges:true']);
        assert.equal(host.NetworkMode, 'none');
        assert.equal(host.PidsLimit, 256);
        assert.equal(host.Memory, 1024 ** 3);
        assert.equal(host.NanoCpus, 1e9);
        const runtime = info.Mounts.find(mount => mount.Destination === '/opt/ide')!;
        assert.equal(runtime.RW, false, 'IDE runtime is read-only');
        const sockets = info.Mounts.find(mount => mount.Destination === '/run/ide')!;
        assert.equal(sockets.RW, false, 'the gateway\'s sockets are read-only');
        assert.doesNotMatch((await inSandbox(container(aliceWs), 'cat /proc/1/environ /proc/self/environ | tr "\\0" "\\n"')).out, /SECRET/i, 'no secret in the environment');
        assert.ok(!info.Mounts.some(mount => mount.Source.includes('docker.sock')), 'no Docker socket');

        assert.equal((await inSandbox(container(aliceWs), 'id -u')).out, '1000');
        assert.match((await inSandbox(container(aliceWs), 'grep CapEff /proc/self/status')).out, /CapEff:\s+0+$/);
        assert.match((await inSandbox(container(aliceWs), 'grep NoNewPrivs /proc/self/status')).out, /NoNewPrivs:\s+1/);
        const write = await inSandbox(container(aliceWs), 'touch /usr/evil');
        assert.notEqual(write.code, 0);
        assert.match(write.out, /Read-only file system/);
        assert.equal((await inSandbox(container(aliceWs), 'ls /sys/class/net')).out, 'lo', 'no network interface but loopback');
        assert.equal((await inSandbox(container(aliceWs), 'touch /workspace/ok /tmp/ok $HOME/ok && echo writable')).out, 'writable');
    });

    test('the owner reaches Theia through the gateway; the other user does not', async () => {
        const page = await (await IdeClient.enter(alice, aliceWs)).request('GET', '/', undefined, { accept: 'text/html' });
        assert.equal(page.status, 200);
        assert.match(await page.text(), /<script|theia/i);
        assert.equal((await bob.request('GET', `/w/${aliceWs}/`, undefined, { accept: 'text/html' })).status, 404);
    });

    test('two users\' sandboxes cannot see each other', async () => {
        await inSandbox(container(bobWs), 'echo bob-secret > /workspace/bob-secret.txt');
        const search = await inSandbox(container(aliceWs), 'grep -rl bob-secret / 2>/dev/null --exclude-dir=proc --exclude-dir=sys | head -5; ls /run/ide');
        assert.doesNotMatch(search.out, /bob-secret\.txt/);
        assert.equal(search.out.split('\n').filter(line => line.endsWith('.sock')).join(), [...SANDBOX_SOCKETS].sort().join(), 'only its own sockets are mounted');
        const ps = await inSandbox(container(aliceWs), 'ps -eo args');
        assert.doesNotMatch(ps.out, new RegExp(bobWs), 'no process of the other sandbox is visible');
        const probe = await inSandbox(container(aliceWs), `/opt/ide/node -e "require('net').connect({host:'172.17.0.1',port:2375}).on('error',e=>{console.log(e.code);process.exit(0)}).on('connect',()=>console.log('connected'))"`);
        assert.match(probe.out, /^E[A-Z]+$/, 'the host is unreachable');
    });

    test('a dev server in the sandbox is previewed by its owner on its port\'s origin, HTTP and WebSocket, through the sandbox\'s socket', async () => {
        await new Promise<void>((resolve, reject) => {
            const child = spawn('docker', ['exec', '-i', container(aliceWs), 'sh', '-c', 'cat > /tmp/dev-server.js'], { stdio: ['pipe', 'ignore', 'inherit'] });
            child.on('exit', code => code === 0 ? resolve() : reject(new Error(`exit ${code}`)));
            child.stdin.end(DEV_SERVER_SCRIPT);
        });
        await docker('exec', '-d', container(aliceWs), 'node', '/tmp/dev-server.js', '3000');
        const preview = await IdeClient.enter(alice, aliceWs, '/port/3000/');
        let seen: { server?: string; path?: string; host?: string } = {};
        for (let attempt = 0; attempt < 50 && seen.server !== 'dev'; attempt++) {
            const response = await preview.request('GET', '/src/main.ts?t=1');
            seen = response.status === 200 ? await response.json() as typeof seen : (await sleep(200), {});
        }
        assert.deepEqual(seen, { server: 'dev', port: 3000, method: 'GET', path: '/src/main.ts?t=1', host: 'localhost:3000' });
        const socket = await preview.webSocket('/hmr');
        const echoed = new Promise<string>(resolve => socket.once('message', data => resolve(String(data))));
        socket.send('update');
        assert.equal(await echoed, 'echo update');
        socket.close();

        const closed = await (await IdeClient.enter(alice, aliceWs, '/port/3999/')).request('GET', '/', undefined, { accept: 'text/html' });
        assert.equal(closed.status, 502);
        assert.match(await closed.text(), /nothing listens on port 3999/);
        assert.equal((await bob.request('GET', `/w/${aliceWs}/port/3000/`, undefined, { accept: 'text/html' })).status, 404);
        const theiaOwn = await (await IdeClient.enter(alice, aliceWs, '/port/30999/')).request('GET', '/');
        assert.equal(theiaOwn.status, 403, 'the IDE\'s own port is not a preview');
    });

    test('code in the sandbox reaches the gateway only through its own gateway.sock, as its owner', async () => {
        const status = await inSandbox(container(aliceWs), `/opt/ide/node -e "require('http').get({socketPath:'/run/ide/gateway.sock',path:'/v1/ide/status'},r=>{let b='';r.on('data',d=>b+=d).on('end',()=>console.log(r.statusCode,b))})"`);
        assert.match(status.out, /^200 /, status.out);
        const body = JSON.parse(status.out.slice(4));
        assert.equal(body.configured, false, 'no key configured in this gateway');
        assert.match(body.howToConfigure, /IDE_ANTHROPIC_API_KEY/);
        const refused = await inSandbox(container(aliceWs), `/opt/ide/node -e "const r=require('http').request({socketPath:'/run/ide/gateway.sock',path:'/v1/messages',method:'POST'},s=>{let b='';s.on('data',d=>b+=d).on('end',()=>console.log(s.statusCode,b))});r.end(JSON.stringify({model:'claude-sonnet-5',max_tokens:1,messages:[]}))"`);
        assert.match(refused.out, /^503 .*No Anthropic API key is configured/);
        const info = await inSandbox(container(aliceWs), `/opt/ide/node -e "require('http').get({socketPath:process.env.IDE_GATEWAY_SOCKET,path:'/v1/ide/workspace'},r=>{let b='';r.on('data',d=>b+=d).on('end',()=>console.log(b))})"`);
        assert.deepEqual(JSON.parse(info.out), { id: aliceWs, name: 'alice-project', profile: 'default', owner: 'alice' }, 'the sandbox learns whom it serves from the gateway');
    });

    test('workspace files survive the removal of the container', async () => {
        await inSandbox(container(aliceWs), 'echo kept > /workspace/notes.txt');
        const before = (await inspect(container(aliceWs))).Id;
        await docker('rm', '-f', container(aliceWs));
        const reopened = await alice.json('POST', `/api/workspaces/${aliceWs}/open`);
        assert.equal(reopened.status, 200, JSON.stringify(reopened.body));
        assert.notEqual((await inspect(container(aliceWs))).Id, before, 'a new container');
        assert.equal((await inSandbox(container(aliceWs), 'cat /workspace/notes.txt')).out, 'kept');
    });

    test('a stopped sandbox is started again on open, and stop/status report it', async () => {
        const stopped = await alice.json<{ sandbox: { state: string } }>('POST', `/api/workspaces/${aliceWs}/stop`);
        assert.equal(stopped.body.sandbox.state, 'stopped');
        const opened = await alice.json<{ sandbox: { state: string } }>('POST', `/api/workspaces/${aliceWs}/open`);
        assert.equal(opened.body.sandbox.state, 'running');
        assert.equal((await inSandbox(container(aliceWs), 'cat /workspace/notes.txt')).out, 'kept');
    });

    test('a restarted gateway adopts the running sandbox instead of making a new one', async () => {
        const before = await inspect(container(bobWs));
        await gateway.close();
        gateway = await startTestGateway(config);
        alice = new Client(gateway.url);
        bob = new Client(gateway.url);
        await alice.login('alice', 'alice-password-123');
        await bob.login('bob', 'bob-password-123');
        const status = await bob.json<{ sandbox: { state: string; containerId: string } }>('GET', `/api/workspaces/${bobWs}`);
        assert.equal(status.body.sandbox.state, 'running');
        assert.equal(status.body.sandbox.containerId, before.Id);
        const page = await (await IdeClient.enter(bob, bobWs)).request('GET', '/', undefined, { accept: 'text/html' });
        assert.equal(page.status, 200, 'the sandbox dialed the new gateway by itself');
        assert.equal((await inspect(container(bobWs))).Id, before.Id, 'same container');
        const admin = new Client(gateway.url);
        assert.equal((await admin.login('admin', ADMIN_PASSWORD)).status, 200, 'users survive too');
    });

    test('deleting a workspace removes its container and its data', async () => {
        await bob.request('DELETE', `/api/workspaces/${bobWs}`);
        await assert.rejects(docker('inspect', container(bobWs)), /no such (object|container)/i);
        await assert.rejects(docker('volume', 'inspect', `${container(bobWs)}-workspace`), /no such volume/i);
    });
});
