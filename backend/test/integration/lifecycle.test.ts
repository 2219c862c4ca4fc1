import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { parseProfiles } from '../../src/config/profiles.js';
import { ServerConfig } from '../../src/config/server-config.js';
import { Gateway } from '../../src/gateway.js';
import { docker, inSandbox } from '../docker-shell.js';
import { Client, IdeClient, REPO_ROOT, startTestGateway, testConfig, userAdmin, userClient } from '../helpers.js';
import { connectAgent, createToken, textOf } from '../mcp-agent.js';

const profiles = parseProfiles({
    defaultProfile: 'default',
    profiles: {
        default: { image: 'ide-sandbox-base:latest', cpus: 1, memory: '512m', pids: 128 },
        sleepy: { image: 'ide-sandbox-base:latest', cpus: 1, memory: '512m', pids: 128, idleMinutes: 0.05 },
        shortlived: { image: 'ide-sandbox-base:latest', cpus: 1, memory: '512m', pids: 128, maxLifetimeHours: 0.001 },
        pooled: { image: 'ide-sandbox-base:latest', cpus: 1, memory: '512m', pids: 128, warmPool: 1 },
        unbuilt: { image: 'ide-sandbox-never-built:latest' },
        gvisor: { image: 'ide-sandbox-base:latest', runtime: 'runsc-not-here' }
    }
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (; ;) {
        const value = await probe().catch(() => undefined);
        if (value !== undefined) {
            return value;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out waiting for ${what}`);
        }
        await sleep(500);
    }
}

describe('sandbox lifecycle and isolation under abuse, on the real Docker engine', { timeout: 600_000 }, () => {
    let config: ServerConfig;
    let gateway: Gateway;
    let alice: Client;
    const created: string[] = [];
    const container = (workspaceId: string): string => `ide-${config.instance}-${workspaceId}`;
    const state = async (workspaceId: string): Promise<string> => (await alice.json<{ sandbox: { state: string } }>('GET', `/api/workspaces/${workspaceId}`)).body.sandbox.state;
    const workspace = async (name: string, profile: string): Promise<string> => {
        const made = await alice.json<{ id: string }>('POST', '/api/workspaces', { name, profile });
        if (made.body.id) {
            created.push(made.body.id);
        }
        assert.equal(made.status, 201, JSON.stringify(made.body));
        return made.body.id;
    };
    const open = async (workspaceId: string): Promise<void> => {
        const opened = await alice.json('POST', `/api/workspaces/${workspaceId}/open`);
        assert.equal(opened.status, 200, JSON.stringify(opened.body));
    };

    before(async () => {
        config = await testConfig({ IDE_INSTANCE: `lc${process.pid}`, IDE_IDLE_CHECK_SECONDS: '1', IDE_MAX_RUNNING_SANDBOXES_PER_USER: '10' });
        gateway = await startTestGateway(config, { profiles });
        alice = await userClient(gateway, 'alice');
    });

    after(async () => {
        for (const id of created) {
            await alice?.request('DELETE', `/api/workspaces/${id}`).catch(() => undefined);
        }
        await gateway?.close();
    });

    test('a warm pool hands a started sandbox to a new workspace, then warms another', async () => {
        const admin = await userAdmin(gateway);
        const warmSandboxes = async (): Promise<string[]> => (await admin.json<{ sandboxes: { workspaceId: string; workspaceName: string; state: string }[] }>('GET', '/api/admin/sandboxes')).body.sandboxes
            .filter(sandbox => sandbox.workspaceName === '(warm pool)' && sandbox.state === 'running').map(sandbox => sandbox.workspaceId);
        const [warm] = await until('a warm sandbox', async () => (await warmSandboxes()).length ? warmSandboxes() : undefined);
        const containerBefore = await docker('inspect', '-f', '{{.Id}}', `ide-${config.instance}-${warm}`);
        const id = await workspace('pooled-project', 'pooled');
        assert.equal(id, warm, 'the new workspace took over the warm sandbox');
        assert.equal(await state(id), 'running', 'running before anyone opened it');
        await open(id);
        assert.equal(await docker('inspect', '-f', '{{.Id}}', container(id)), containerBefore, 'no new container');
        const page = await (await IdeClient.enter(alice, id)).request('GET', '/', undefined, { accept: 'text/html' });
        assert.equal(page.status, 200);
        await inSandbox(container(id), 'echo mine > /workspace/owner.txt');
        const next = await until('the pool to refill', async () => (await warmSandboxes()).find(candidate => candidate !== id));
        assert.notEqual(next, id);
        // Nothing but the IDE's own folder (settings and installed extensions, ignored by git and hidden in the explorer).
        assert.equal((await inSandbox(`ide-${config.instance}-${next}`, 'ls -A /workspace | grep -vx .theia-user')).out, '', 'a fresh, empty workspace waits');
    });

    test('a profile whose image is not on the engine says so, and how to fix it', async () => {
        const notOffered = await alice.json<{ error: string }>('POST', '/api/workspaces', { name: 'unbuilt-project', profile: 'unbuilt' });
        assert.equal(notOffered.status, 409);
        assert.match(notOffered.body.error, /profile "unbuilt" cannot be started now: its image is missing/);
        // A workspace made before its image went missing: opening it says what is wrong and how to fix it.
        const id = await workspace('unbuilt-project', 'default');
        await gateway.store.update(data => { data.workspaces.find(candidate => candidate.id === id)!.profile = 'unbuilt'; });
        const refused = await alice.json<{ error: string }>('POST', `/api/workspaces/${id}/open`);
        assert.equal(refused.status, 503);
        assert.match(refused.body.error, /sandbox image "ide-sandbox-never-built:latest" is not present on the Docker host; an admin can pull or build it on the Docker host \("docker pull ide-sandbox-never-built:latest"\)/);
        const profiles = (await (await userAdmin(gateway)).json<{ profiles: { name: string; imagePresent: boolean }[] }>('GET', '/api/admin/profiles')).body.profiles;
        assert.deepEqual(profiles.filter(profile => !profile.imagePresent).map(profile => profile.name), ['unbuilt']);
        const other = await workspace('gvisor-project', 'gvisor');
        const noRuntime = await alice.json<{ error: string }>('POST', `/api/workspaces/${other}/open`);
        assert.equal(noRuntime.status, 503);
        assert.match(noRuntime.body.error, /container runtime "runsc-not-here" is not installed on the Docker host \(it has: .*runc/);
    });

    test('an idle sandbox is stopped, and an agent\'s call starts it again', async () => {
        const id = await workspace('sleepy-project', 'sleepy');
        await open(id);
        await inSandbox(container(id), 'echo before-sleep > /workspace/state.txt');
        await until('the idle stop', async () => (await state(id)) === 'stopped' ? true : undefined);
        const agent = await connectAgent(`${gateway.url}/mcp/${id}`, (await createToken(alice, { name: 'waker', workspaceId: id })).secret);
        try {
            const read = await agent.callTool({ name: 'read_text_file', arguments: { path: 'state.txt' } });
            assert.match(textOf(read), /before-sleep/);
            assert.equal(await state(id), 'running');
        } finally {
            await agent.close();
        }
    });

    test('a sandbox past its profile\'s max lifetime is stopped even while in use', async () => {
        const id = await workspace('short-project', 'shortlived');
        await open(id);
        await until('the lifetime stop', async () => (await state(id)) === 'stopped' ? true : undefined);
    });

    test('a fork bomb and a memory hog in one sandbox leave the gateway and the other sandboxes working', async () => {
        const [victim, bystander] = [await workspace('abusive', 'default'), await workspace('bystander', 'default')];
        await Promise.all([open(victim), open(bystander)]);
        // The hog first: started after the bomb, node may not get the threads it needs to start at all (the pids are gone) and hang instead of growing.
        const hog = spawn('docker', ['exec', container(victim), '/opt/ide/node', '-e', 'const a = []; for (;;) a.push(Buffer.alloc(64 * 1024 * 1024, 1));'], { stdio: 'ignore' });
        await sleep(1000);
        const bomb = spawn('docker', ['exec', container(victim), 'bash', '-c', 'bomb() { bomb | bomb & }; bomb; sleep 20'], { stdio: 'ignore' });
        try {
            await sleep(5000);
            const pids = Number(await docker('inspect', '-f', '{{.HostConfig.PidsLimit}}', container(victim)));
            assert.equal(pids, 128);
            assert.equal((await fetch(`${gateway.url}/healthz`)).status, 200, 'the gateway answers');
            const page = await (await IdeClient.enter(alice, bystander)).request('GET', '/', undefined, { accept: 'text/html' });
            assert.equal(page.status, 200, 'the other sandbox\'s IDE answers');
            assert.equal((await inSandbox(container(bystander), 'echo fine')).out, 'fine');
            const hogExit = await new Promise<number | null>(resolve => hog.exitCode !== null ? resolve(hog.exitCode) : hog.once('exit', resolve));
            assert.notEqual(hogExit, 0, 'the memory hog was killed at the sandbox\'s memory limit');
        } finally {
            bomb.kill('SIGKILL');
            hog.kill('SIGKILL');
            await docker('kill', container(victim)).catch(() => undefined);
        }
    });

    test('docker kill of a sandbox loses no workspace data; the next open starts it again', async () => {
        const id = await workspace('killed-project', 'default');
        await open(id);
        await inSandbox(container(id), 'echo durable > /workspace/durable.txt && sync');
        await docker('kill', container(id));
        assert.equal(await state(id), 'stopped');
        await open(id);
        assert.equal((await inSandbox(container(id), 'cat /workspace/durable.txt')).out, 'durable');
    });

    test('a restart of the Docker engine is survived: clear 503s meanwhile, no data lost, sandboxes start again', { skip: !existsSync(join(REPO_ROOT, '.tmp/dockerd.pid')) && 'dockerd was not started by scripts/setup-host.sh' }, async () => {
        const id = await workspace('engine-restart', 'default');
        await open(id);
        await inSandbox(container(id), 'echo survives-restart > /workspace/restart.txt && sync');
        const pidFile = join(REPO_ROOT, '.tmp/dockerd.pid');
        process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
        await until('dockerd to stop', async () => (await fetch(`${gateway.url}/readyz`)).status === 503 ? true : undefined);
        const during = await alice.request('POST', `/api/workspaces/${id}/open`);
        assert.equal(during.status, 503);
        assert.match(await during.text(), /engine|Docker/i);
        const restarted = spawn('bash', ['-c', `nohup dockerd >>${REPO_ROOT}/.tmp/dockerd.log 2>&1 & echo $! > ${pidFile}`], { stdio: 'ignore' });
        await new Promise(resolve => restarted.once('exit', resolve));
        await until('dockerd to answer', async () => (await fetch(`${gateway.url}/readyz`)).status === 200 ? true : undefined, 120_000);
        await open(id);
        assert.equal((await inSandbox(container(id), 'cat /workspace/restart.txt')).out, 'survives-restart');
    });
});
