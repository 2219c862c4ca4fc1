import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, lstat, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { ServerConfig } from '../../src/config/server-config.js';
import { Gateway } from '../../src/gateway.js';
import { docker } from '../docker-shell.js';
import { hostile, hostileInBackground } from '@ide/test-support';
import { SANDBOX_SOCKETS } from '@ide/sandbox-contract';
import { Client, IdeClient, startTestGateway, testConfig, userClient } from '../helpers.js';
import { connectAgent, createToken, textOf } from '../mcp-agent.js';

/**
 * A real sandbox whose code does what an attacker would (as uid 1000, with the runtime's node):
 * it attacks the gateway's socket directory, answers the gateway's requests with garbage, floods
 * its sockets. Each time: refused or contained, the gateway keeps serving, another user's
 * workspace keeps working, and no file on the host changes.
 */
describe('a hostile sandbox', { timeout: 600_000 }, () => {
    let config: ServerConfig;
    let gateway: Gateway;
    let alice: Client;
    let bob: Client;
    let aliceWs: string;
    let bobWs: string;
    let aliceToken: string;
    let bobToken: string;
    const planted = join('/tmp', `ide-planted-${randomBytes(6).toString('hex')}`);
    const container = (workspaceId: string): string => `ide-${config.instance}-${workspaceId}`;

    /** Bob's workspace, untouched by alice's sandbox, still answers its IDE and its agent. */
    async function bystanderWorks(): Promise<void> {
        assert.equal((await fetch(`${gateway.url}/healthz`)).status, 200, 'the gateway answers');
        const page = await (await IdeClient.enter(bob, bobWs)).request('GET', '/', undefined, { accept: 'text/html' });
        assert.equal(page.status, 200, 'the other user\'s IDE answers');
        const agent = await connectAgent(`${gateway.url}/mcp/${bobWs}`, bobToken);
        const result = await agent.callTool({ name: 'run_command', arguments: { command: 'echo fine' } });
        assert.match(textOf(result), /fine/);
        await agent.close();
    }

    async function plantedUnchanged(): Promise<void> {
        assert.equal(await readFile(planted, 'utf8'), 'the host\'s own file\n');
        assert.equal((await stat(planted)).mode & 0o777, 0o600);
    }

    before(async () => {
        await writeFile(planted, 'the host\'s own file\n');
        await chmod(planted, 0o600);
        config = await testConfig({ IDE_INSTANCE: `hs${process.pid}` });
        gateway = await startTestGateway(config);
        alice = await userClient(gateway, 'alice');
        bob = await userClient(gateway, 'bob');
        aliceWs = (await alice.json<{ id: string }>('POST', '/api/workspaces', { name: 'attacked' })).body.id;
        bobWs = (await bob.json<{ id: string }>('POST', '/api/workspaces', { name: 'bystander' })).body.id;
        for (const [client, id] of [[alice, aliceWs], [bob, bobWs]] as const) {
            const opened = await client.json('POST', `/api/workspaces/${id}/open`);
            assert.equal(opened.status, 200, JSON.stringify(opened.body));
        }
        aliceToken = (await createToken(alice, { name: 'agent', workspaceId: aliceWs })).secret;
        bobToken = (await createToken(bob, { name: 'agent', workspaceId: bobWs })).secret;
    });

    after(async () => {
        for (const [client, id] of [[alice, aliceWs], [bob, bobWs]] as const) {
            await client?.request('DELETE', `/api/workspaces/${id}`).catch(() => undefined);
        }
        await gateway?.close();
        await rm(planted, { force: true });
    });

    test('cannot replace, add, unlink or chmod anything where the gateway listens, even racing its restarts', async () => {
        const attempts = JSON.parse(await hostile(container(aliceWs), 'plant')) as Record<string, string>;
        for (const [attempt, outcome] of Object.entries(attempts)) {
            assert.match(outcome, /^E[A-Z]+$/, `${attempt} was refused (${outcome})`);
        }
        assert.equal(attempts.create, 'EROFS', 'the directory is read-only for the sandbox');
        const race = hostile(container(aliceWs), 'plant-loop', '8');
        for (let restart = 0; restart < 3; restart++) {
            await gateway.close();
            gateway = await startTestGateway(config);
            await sleep(500);
        }
        assert.ok(JSON.parse(await race).tries > 0);
        alice = await relogin(gateway, 'alice');
        bob = await relogin(gateway, 'bob');

        const dir = join(config.dataDir, 'run', aliceWs);
        const entries = (await readdir(dir)).sort();
        assert.deepEqual(entries, [...SANDBOX_SOCKETS].sort());
        for (const entry of entries) {
            const info = await lstat(join(dir, entry));
            assert.ok(info.isSocket(), `${entry} is the gateway's socket, not a link`);
            assert.equal(info.uid, process.getuid!());
        }
        const dirInfo = await lstat(dir);
        assert.equal(dirInfo.uid, process.getuid!());
        assert.equal(dirInfo.mode & 0o022, 0, 'nobody else may write the directory');
        await plantedUnchanged();
        const page = await (await IdeClient.enter(alice, aliceWs)).request('GET', '/', undefined, { accept: 'text/html' });
        assert.equal(page.status, 200, 'the sandbox dialed the restarted gateway and serves its IDE');
        await bystanderWorks();
    });

    for (const how of ['not-http', 'huge-headers']) {
        test(`answering the browser's IDE requests with ${how} fails those requests only`, async () => {
            const attack = await hostileInBackground(container(aliceWs), 'serve', 'ide', how, '24');
            try {
                const ide = await IdeClient.enter(alice, aliceWs);
                // The real relay's connections compete with the attacker's; rounds of more requests than the connections kept alive draw from the tunnel until the attacker's answers one.
                const seen = new Set<number>();
                for (let round = 0; round < 10 && !seen.has(502); round++) {
                    const statuses = await Promise.all(Array.from({ length: 20 }, () => ide.request('GET', '/', undefined, { accept: 'text/html' }).then(response => response.status)));
                    statuses.forEach(status => seen.add(status));
                }
                assert.ok(seen.has(502), `expected 502s among ${[...seen]}`);
                assert.deepEqual([...seen].filter(status => status !== 200 && status !== 502), [], 'nothing but the IDE\'s answers and 502s');
                await bystanderWorks();
            } finally {
                await attack.stop();
            }
        });
    }

    test('answering port previews with garbage fails those previews only; the IDE keeps working', async () => {
        const attack = await hostileInBackground(container(aliceWs), 'serve', 'ports', 'huge-headers', '24');
        try {
            const preview = await IdeClient.enter(alice, aliceWs, '/port/3000/');
            const statuses = await Promise.all(Array.from({ length: 8 }, () => preview.request('GET', '/').then(response => response.status)));
            assert.ok(statuses.every(status => status === 502), `all 502: ${statuses}`);
            const page = await (await IdeClient.enter(alice, aliceWs)).request('GET', '/', undefined, { accept: 'text/html' });
            assert.equal(page.status, 200, 'the owner\'s IDE is on another tunnel');
            await bystanderWorks();
        } finally {
            await attack.stop();
        }
    });

    test('a browser request the sandbox never answers is the owner\'s wait alone', async () => {
        const attack = await hostileInBackground(container(aliceWs), 'serve', 'ide', 'silent', '24');
        try {
            const ide = await IdeClient.enter(alice, aliceWs);
            const stuck = ide.request('GET', '/', undefined, { accept: 'text/html' }).catch(() => undefined);
            await bystanderWorks();
            void stuck;
        } finally {
            await attack.stop();
        }
    });

    // The connection the first call took stays with the gateway for the next one; the others come from the tunnel, where the attacker's are the newest.
    test('a tool call answered with 200 and a non-JSON line fails that call, clearly', async () => {
        const agent = await connectAgent(`${gateway.url}/mcp/${aliceWs}`, aliceToken);
        await agent.callTool({ name: 'list_directory', arguments: { path: '.' } });
        const attack = await hostileInBackground(container(aliceWs), 'serve', 'tools', 'garbage-json', '24');
        try {
            const results = await Promise.all(Array.from({ length: 4 }, () => agent.callTool({ name: 'list_directory', arguments: { path: '.' } })));
            const failed = results.filter(result => result.isError);
            assert.ok(failed.length >= 2, `the attacker's connections answered ${failed.length} of 4 calls`);
            for (const result of failed) {
                assert.match(textOf(result), /the sandbox sent a bad answer: a line of its answer is not a progress or result line/);
            }
            await agent.close();
            await bystanderWorks();
        } finally {
            await attack.stop();
        }
    });

    test('a tool call answered with hundreds of MB and no newline is cut; the gateway does not grow', async () => {
        const agent = await connectAgent(`${gateway.url}/mcp/${aliceWs}`, aliceToken);
        await agent.callTool({ name: 'list_directory', arguments: { path: '.' } });
        const attack = await hostileInBackground(container(aliceWs), 'serve', 'tools', 'endless', '24');
        try {
            const rssBefore = process.memoryUsage().rss;
            const results = await Promise.all(Array.from({ length: 5 }, () => agent.callTool({ name: 'list_directory', arguments: { path: '.' } })));
            const failed = results.filter(result => result.isError);
            assert.ok(failed.length >= 3, `the attacker's connections answered ${failed.length} of 5 calls`);
            for (const result of failed) {
                assert.match(textOf(result), /longer than 24 MiB|too many large answers/);
            }
            const grown = process.memoryUsage().rss - rssBefore;
            assert.ok(grown < 300 * 1024 * 1024, `the gateway grew by ${Math.round(grown / 1024 / 1024)} MiB`);
            await agent.close();
            await bystanderWorks();
        } finally {
            await attack.stop();
        }
    });

    test('flooding its sockets with connections pauses them for that sandbox only', async () => {
        const floods = await Promise.all(SANDBOX_SOCKETS.map(socket => hostileInBackground(container(aliceWs), 'flood', socket, '6')));
        try {
            await sleep(2000);
            await bystanderWorks();
        } finally {
            await Promise.all(floods.map(flood => flood.stop()));
        }
        await sleep(3000);
        const page = await (await IdeClient.enter(alice, aliceWs)).request('GET', '/', undefined, { accept: 'text/html' });
        assert.equal(page.status, 200, 'after the flood the sandbox\'s own relay is served again');
        const agent = await connectAgent(`${gateway.url}/mcp/${aliceWs}`, aliceToken);
        const result = await agent.callTool({ name: 'run_command', arguments: { command: 'echo served' } });
        assert.match(textOf(result), /served/, 'after the flood the sandbox\'s own tool executor is reached again');
        await agent.close();
    });

    test('garbage, oversized bodies and a report flood on gateway.sock are refused, each with its status', async () => {
        const results = JSON.parse(await hostile(container(aliceWs), 'gateway-abuse')) as Record<string, unknown>;
        assert.equal(results.malformed, 'HTTP/1.1 400 Bad Request');
        assert.equal(results.hugeHeader, 'HTTP/1.1 431 Request Header Fields Too Large');
        assert.equal(results.hugeReport, 413);
        assert.equal(results.notJson, 400);
        assert.equal(results.badShape, 400);
        const flood = results.reportFlood as number[];
        assert.ok(flood.slice(0, 5).every(status => status === 201), String(flood));
        assert.ok(flood.includes(429), `the report flood is rate limited: ${flood}`);
        assert.ok([413, 503, 'EPIPE', 'ECONNRESET'].includes(results.hugeModelRequest as number | string), String(results.hugeModelRequest));
        await bystanderWorks();
    });

    test('a sandbox killed during a 5 MB write_file leaves the old content or the new, never a mix', async () => {
        const oldContent = 'old\n'.repeat(256 * 1024);
        const newContent = 'new\n'.repeat(1280 * 1024);
        for (const delayMs of [30, 120, 400]) {
            let agent = await connectAgent(`${gateway.url}/mcp/${aliceWs}`, aliceToken);
            assert.notEqual((await agent.callTool({ name: 'write_file', arguments: { path: 'big.txt', content: oldContent } })).isError, true);
            const writing = agent.callTool({ name: 'write_file', arguments: { path: 'big.txt', content: newContent } }).catch(error => error);
            await sleep(delayMs);
            await docker('kill', container(aliceWs));
            await writing;
            await agent.close().catch(() => undefined);
            agent = await connectAgent(`${gateway.url}/mcp/${aliceWs}`, aliceToken);
            const read = await agent.callTool({ name: 'read_text_file', arguments: { path: 'big.txt' } });
            const text = textOf(read);
            assert.ok(text === oldContent || text === newContent, `after a kill at ${delayMs} ms the file is ${text.length} characters, neither old nor new`);
            await agent.close();
        }
    });
});

async function relogin(gateway: Gateway, username: string): Promise<Client> {
    const client = new Client(gateway.url);
    await client.login(username, `${username}-password-123`);
    return client;
}
