import assert from 'node:assert/strict';
import { createServer, Server } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SANDBOX_SOCKETS } from '@ide/sandbox-contract';
import { parseProfiles } from '../../src/config/profiles.js';
import { ServerConfig } from '../../src/config/server-config.js';
import { Gateway } from '../../src/gateway.js';
import { docker, inSandbox } from '../docker-shell.js';
import { Client, startTestGateway, testConfig, userClient } from '../helpers.js';

const profiles = parseProfiles({
    defaultProfile: 'offline',
    profiles: {
        offline: { image: 'ide-sandbox-base:latest', network: 'none' },
        online: { image: 'ide-sandbox-base:latest', network: 'egress' }
    }
});

/** Tries a TCP connection from inside the sandbox; prints "connected", an error code, or "timeout". */
const probe = (host: string, port: number): string =>
    `/opt/ide/node -e "const s=require('net').connect({host:'${host}',port:${port}});s.setTimeout(3000,()=>{console.log('timeout');process.exit(0)});` +
    `s.on('connect',()=>{console.log('connected');process.exit(0)}).on('error',e=>{console.log(e.code);process.exit(0)})"`;

describe('network policies, inspected and probed on the real Docker engine', { timeout: 300_000 }, () => {
    let config: ServerConfig;
    let gateway: Gateway;
    let alice: Client;
    let hostService: Server;
    let hostPort: number;
    const ids: Record<string, string> = {};
    const container = (name: string): string => `ide-${config.instance}-${ids[name]}`;

    before(async () => {
        config = await testConfig({ IDE_INSTANCE: `np${process.pid}`, IDE_MAX_RUNNING_SANDBOXES_PER_USER: '5' });
        gateway = await startTestGateway(config, { profiles });
        alice = await userClient(gateway, 'alice');
        for (const [name, profile] of [['offline', 'offline'], ['online-a', 'online'], ['online-b', 'online']]) {
            ids[name] = (await alice.json<{ id: string }>('POST', '/api/workspaces', { name, profile })).body.id;
            const opened = await alice.json('POST', `/api/workspaces/${ids[name]}/open`);
            assert.equal(opened.status, 200, JSON.stringify(opened.body));
        }
        hostService = createServer(socket => socket.end('host service\n'));
        await new Promise<void>(resolve => hostService.listen(0, '0.0.0.0', resolve));
        hostPort = (hostService.address() as { port: number }).port;
    });

    after(async () => {
        hostService?.close();
        for (const id of Object.values(ids)) {
            await alice?.request('DELETE', `/api/workspaces/${id}`).catch(() => undefined);
        }
        await gateway?.close();
    });

    test('none: no interface but loopback, no route anywhere', async () => {
        assert.equal(JSON.parse(await docker('inspect', '-f', '{{json .HostConfig.NetworkMode}}', container('offline'))), 'none');
        assert.equal((await inSandbox(container('offline'), 'ls /sys/class/net')).out, 'lo');
        assert.match((await inSandbox(container('offline'), probe('203.0.113.80', 80))).out, /^(ENETUNREACH|EAI_AGAIN|timeout)$/);
    });

    test('egress: the internet, but not the host, the gateway\'s ports, another sandbox or private ranges', async () => {
        const network = JSON.parse(await docker('inspect', '-f', '{{json .NetworkSettings.Networks}}', container('online-a'))) as Record<string, { Gateway: string; IPAddress: string }>;
        const [networkName, attachment] = Object.entries(network)[0];
        assert.equal(networkName, `ide-${config.instance}-${ids['online-a']}-net`, 'a network of its own');
        const other = Object.values(JSON.parse(await docker('inspect', '-f', '{{json .NetworkSettings.Networks}}', container('online-b'))) as Record<string, { IPAddress: string }>)[0];
        assert.notEqual(other.IPAddress, attachment.IPAddress);

        assert.equal((await inSandbox(container('online-a'), probe('deb.debian.org', 80))).out, 'connected', 'a public host is reachable');
        assert.notEqual((await inSandbox(container('online-a'), probe(attachment.Gateway, hostPort))).out, 'connected', 'the host (and the gateway on it) is not');
        await inSandbox(container('online-b'), `nohup /opt/ide/node -e "require('net').createServer(s=>s.end('b')).listen(7070)" >/dev/null 2>&1 &`);
        assert.notEqual((await inSandbox(container('online-a'), probe(other.IPAddress, 7070))).out, 'connected', 'another sandbox is not');
        assert.equal((await inSandbox(container('online-b'), probe('127.0.0.1', 7070))).out, 'connected', '(its service is up)');
        assert.notEqual((await inSandbox(container('online-a'), probe('169.254.169.254', 80))).out, 'connected', 'cloud metadata is not');
        assert.equal((await inSandbox(container('online-a'), 'ls /run/ide')).out.split('\n').sort().join(), [...SANDBOX_SOCKETS].sort().join(), 'the gateway is reached only through its sockets');
    });

    test('deleting an egress workspace removes its network', async () => {
        const id = ids['online-b'];
        await alice.request('DELETE', `/api/workspaces/${id}`);
        delete ids['online-b'];
        const left = await docker('network', 'ls', '--filter', `name=ide-${config.instance}-${id}-net`, '--format', '{{.Name}}');
        assert.equal(left, '');
    });
});
