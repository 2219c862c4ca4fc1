import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GitHttpServer, makeBareRepository, startGitHttpServer } from '@ide/test-support';
import { parseProfiles } from '../../src/config/profiles.js';
import { ServerConfig } from '../../src/config/server-config.js';
import { Gateway } from '../../src/gateway.js';
import { inSandbox } from '../docker-shell.js';
import { Client, IdeClient, startTestGateway, tempDir, testConfig, userClient } from '../helpers.js';

describe('a workspace from a private Git repository, on the real Docker engine', { timeout: 300_000 }, () => {
    let git: GitHttpServer;
    let config: ServerConfig;
    let gateway: Gateway;
    let alice: Client;
    let workspaceId: string;
    let networkedId: string;
    let devcontainerId: string;

    before(async () => {
        const root = await tempDir('git-root');
        await makeBareRepository(root, 'with-devcontainer', { main: {
            'README.md': '# with a devcontainer\n',
            '.devcontainer/devcontainer.json': JSON.stringify({
                image: 'ide-sandbox-base:latest',
                postCreateCommand: 'echo "$GREETING from postCreate" >> .post-create-ran',
                forwardPorts: [3000],
                containerEnv: { GREETING: 'hello' },
                features: { 'ghcr.io/devcontainers/features/node:1': {} }
            })
        } });
        await makeBareRepository(root, 'project', { main: { 'README.md': '# project\n', 'src/index.ts': 'console.log("hi");\n', 'bin/run.sh': '#!/bin/sh\necho run\n' } });
        git = await startGitHttpServer({ root, privateRepositories: ['project', 'with-devcontainer'], users: { alice: 'alice-token' } });
        config = await testConfig({ IDE_INSTANCE: `gw${process.pid}`, IDE_GIT_HOSTS: new URL(git.url).host });
        gateway = await startTestGateway(config, { profiles: parseProfiles({ defaultProfile: 'default', profiles: { default: { image: 'ide-sandbox-base:latest' }, online: { image: 'ide-sandbox-base:latest', network: 'egress' } } }) });
        alice = await userClient(gateway, 'alice');
        assert.equal((await alice.request('POST', '/api/git-credentials', { host: new URL(git.url).host, username: 'alice', token: 'alice-token' })).status, 201);
    });
    after(async () => {
        for (const id of [workspaceId, networkedId, devcontainerId]) {
            await alice?.request('DELETE', `/api/workspaces/${id}`).catch(() => undefined);
        }
        await gateway?.close();
        await git?.close();
    });

    test('the gateway clones it into the new volume, the sandbox user checks it out: files, history and owner as in a clone of one\'s own', async () => {
        const created = await alice.json<{ id: string }>('POST', '/api/workspaces', { name: 'project', gitUrl: `${git.url}/project.git` });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        workspaceId = created.body.id;
        const opened = await alice.json('POST', `/api/workspaces/${workspaceId}/open`);
        assert.equal(opened.status, 200, JSON.stringify(opened.body));
        const container = `ide-${config.instance}-${workspaceId}`;
        const files = await inSandbox(container, 'cd /workspace && ls -A | grep -vx .theia-user && stat -c "%u %n" README.md src/index.ts .git/HEAD && git status --porcelain && git log --oneline | wc -l && git branch --show-current');
        assert.equal(files.code, 0, files.out);
        const lines = files.out.split('\n');
        // .theia-user is the IDE's own (the user's settings and installed extensions), ignored by git.
        assert.deepEqual(lines.slice(0, 4), ['.git', 'README.md', 'bin', 'src']);
        assert.deepEqual(lines.slice(4, 7), ['1000 README.md', '1000 src/index.ts', '1000 .git/HEAD']);
        assert.deepEqual(lines.slice(7), ['1', 'main'], 'clean, one commit, on main');
        const page = await (await IdeClient.enter(alice, workspaceId)).request('GET', '/', undefined, { accept: 'text/html' });
        assert.equal(page.status, 200, 'the IDE opens on it');
    });

    test('in a sandbox with network, git gets the token for the host it was cloned from, over gateway.sock; no other host\'s, and not without network', async () => {
        const host = new URL(git.url).host;
        const created = await alice.json<{ id: string }>('POST', '/api/workspaces', { name: 'networked', profile: 'online', gitUrl: `${git.url}/project.git` });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        networkedId = created.body.id;
        assert.equal((await alice.request('POST', `/api/workspaces/${networkedId}/open`)).status, 200);
        const fill = (forHost: string): string => `printf 'protocol=http\\nhost=${forHost}\\n\\n' | GIT_TERMINAL_PROMPT=0 git credential fill 2>&1`;
        const own = await inSandbox(`ide-${config.instance}-${networkedId}`, fill(host));
        assert.match(own.out, /^username=alice$/m);
        assert.match(own.out, /^password=alice-token$/m);
        const other = await inSandbox(`ide-${config.instance}-${networkedId}`, fill('github.com'));
        assert.doesNotMatch(other.out, /password=/);

        const offline = await inSandbox(`ide-${config.instance}-${workspaceId}`, `/opt/ide/node -e "const r=require('http').request({socketPath:'/run/ide/gateway.sock',path:'/v1/git/credential',method:'POST'},s=>{let b='';s.on('data',d=>b+=d).on('end',()=>console.log(s.statusCode,b))});r.end(JSON.stringify({protocol:'http',host:'${host}'}))"`);
        assert.match(offline.out, /^403 .*no network/);
        assert.match((await inSandbox(`ide-${config.instance}-${workspaceId}`, 'git config --get credential.helper; echo "[$?]"')).out, /\[1\]/, 'no helper without network');
    });

    test('its devcontainer.json is applied in part: the env set, the post-create command run once, the forwarded port told to the IDE, the rest named as ignored', async () => {
        await alice.request('POST', `/api/workspaces/${networkedId}/stop`);
        const created = await alice.json<{ id: string }>('POST', '/api/workspaces', { name: 'devcontainer', gitUrl: `${git.url}/with-devcontainer.git` });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        devcontainerId = created.body.id;
        assert.equal((await alice.request('POST', `/api/workspaces/${devcontainerId}/open`)).status, 200);
        let view: { devcontainer?: { notes: string[]; postCreate?: { state: string; exitCode?: number } } } = {};
        for (let i = 0; i < 100 && view.devcontainer?.postCreate?.state !== 'succeeded'; i++) {
            await new Promise(resolve => setTimeout(resolve, 200));
            view = (await alice.json<typeof view>('GET', `/api/workspaces/${devcontainerId}`)).body;
        }
        assert.deepEqual(view.devcontainer?.postCreate && { state: view.devcontainer.postCreate.state, exitCode: view.devcontainer.postCreate.exitCode }, { state: 'succeeded', exitCode: 0 });
        assert.ok(view.devcontainer!.notes.includes('not supported here, ignored: features'), view.devcontainer!.notes.join('; '));
        const container = `ide-${config.instance}-${devcontainerId}`;
        assert.equal((await inSandbox(container, 'cat /workspace/.post-create-ran')).out, 'hello from postCreate');
        assert.equal((await inSandbox(container, 'echo $GREETING')).out, 'hello');
        const info = await inSandbox(container, `/opt/ide/node -e "require('http').get({socketPath:'/run/ide/gateway.sock',path:'/v1/ide/workspace'},r=>{let b='';r.on('data',d=>b+=d).on('end',()=>console.log(b))})"`);
        assert.deepEqual(JSON.parse(info.out).forwardPorts, [3000]);

        await alice.request('POST', `/api/workspaces/${devcontainerId}/stop`);
        await inSandbox(container, 'true').catch(() => undefined);
        assert.equal((await alice.request('POST', `/api/workspaces/${devcontainerId}/open`)).status, 200);
        await new Promise(resolve => setTimeout(resolve, 1000));
        assert.equal((await inSandbox(container, 'cat /workspace/.post-create-ran | wc -l')).out, '1', 'run once, not at every start');
    });
});
