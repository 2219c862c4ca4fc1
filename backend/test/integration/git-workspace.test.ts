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

    before(async () => {
        const root = await tempDir('git-root');
        await makeBareRepository(root, 'project', { main: { 'README.md': '# project\n', 'src/index.ts': 'console.log("hi");\n', 'bin/run.sh': '#!/bin/sh\necho run\n' } });
        git = await startGitHttpServer({ root, privateRepositories: ['project'], users: { alice: 'alice-token' } });
        config = await testConfig({ IDE_INSTANCE: `gw${process.pid}`, IDE_GIT_HOSTS: new URL(git.url).host });
        gateway = await startTestGateway(config, { profiles: parseProfiles({ defaultProfile: 'default', profiles: { default: { image: 'ide-sandbox-base:latest' }, online: { image: 'ide-sandbox-base:latest', network: 'egress' } } }) });
        alice = await userClient(gateway, 'alice');
        assert.equal((await alice.request('POST', '/api/git-credentials', { host: new URL(git.url).host, username: 'alice', token: 'alice-token' })).status, 201);
    });
    after(async () => {
        for (const id of [workspaceId, networkedId]) {
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
        const files = await inSandbox(container, 'cd /workspace && ls -A && stat -c "%u %n" README.md src/index.ts .git/HEAD && git status --porcelain && git log --oneline | wc -l && git branch --show-current');
        assert.equal(files.code, 0, files.out);
        const lines = files.out.split('\n');
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
});
