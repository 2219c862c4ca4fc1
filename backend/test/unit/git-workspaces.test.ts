import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { GitHttpServer, makeBareRepository, startGitHttpServer } from '@ide/test-support';
import { Gateway } from '../../src/gateway.js';
import { SecretBox } from '../../src/secrets/secret-box.js';
import { FakeSandboxes } from '../fake-sandboxes.js';
import { Client, startTestGateway, tempDir, testConfig, userClient } from '../helpers.js';

const run = promisify(execFile);

interface Status {
    state: string;
    steps?: { label: string }[];
    error?: string;
}

describe('workspaces from a Git repository, cloned by the gateway over a real git http-backend', () => {
    let git: GitHttpServer;
    let gateway: Gateway;
    let sandboxes: FakeSandboxes;
    let alice: Client;
    let bob: Client;
    let host: string;
    const repo = (name: string): string => `${git.url}/${name}.git`;

    before(async () => {
        const root = await tempDir('git-root');
        await makeBareRepository(root, 'public', { main: { 'README.md': '# hello\n', 'src/app.ts': 'export const answer = 42;\n' }, feature: { 'feature.txt': 'on a branch\n' } });
        await makeBareRepository(root, 'private', { main: { 'secret.txt': 'only for alice\n' } });
        await makeBareRepository(root, 'huge', { main: { 'blob.bin': randomBytes(3 * 1024 * 1024) } });
        git = await startGitHttpServer({ root, privateRepositories: ['private'], users: { alice: 'alice-token' } });
        host = new URL(git.url).host;
        sandboxes = new FakeSandboxes();
        gateway = await startTestGateway(await testConfig({ IDE_GIT_HOSTS: host, IDE_GIT_MAX_CLONE_MB: '1' }), { sandboxes });
        alice = await userClient(gateway, 'alice');
        bob = await userClient(gateway, 'bob');
    });
    after(async () => {
        sandboxes.closeAll();
        await gateway.close();
        await git.close();
    });

    async function openWatching(client: Client, id: string): Promise<string[]> {
        const labels = new Set<string>();
        let opened = false;
        const open = client.request('POST', `/api/workspaces/${id}/open`).finally(() => { opened = true; });
        while (!opened) {
            const status = await client.json<Status>('GET', `/api/workspaces/${id}/status`);
            status.body.steps?.forEach(step => labels.add(step.label));
            await new Promise(resolve => setTimeout(resolve, 5));
        }
        assert.equal((await open).status, 200);
        return [...labels];
    }

    test('a public repository: created at once, cloned on the first open with its steps shown, checked out in the workspace, never cloned again', async () => {
        const created = await alice.json<{ id: string; source: { gitUrl: string; cloned: boolean } }>('POST', '/api/workspaces', { name: 'from-git', gitUrl: repo('public') });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        assert.deepEqual(created.body.source, { gitUrl: repo('public'), cloned: false });
        const labels = await openWatching(alice, created.body.id);
        assert.ok(labels.some(label => label.startsWith(`cloning ${repo('public')}`)), `the clone is a step: ${labels}`);
        const volume = sandboxes.volumes.get(created.body.id)!;
        assert.equal(await readFile(join(volume, 'src/app.ts'), 'utf8'), 'export const answer = 42;\n');
        assert.equal((await run('git', ['-C', volume, 'branch', '--show-current'])).stdout.trim(), 'main');
        assert.match((await run('git', ['-C', volume, 'branch', '-r'])).stdout, /origin\/feature/, 'every branch is there for an offline sandbox');
        assert.equal((await run('git', ['-C', volume, 'status', '--porcelain'])).stdout, '', 'a clean checkout');

        const requests = git.requests.length;
        await alice.request('POST', `/api/workspaces/${created.body.id}/stop`);
        assert.equal((await alice.request('POST', `/api/workspaces/${created.body.id}/open`)).status, 200);
        assert.equal(git.requests.length, requests, 'the second start clones nothing');
        const listed = await alice.json<{ source: { cloned: boolean } }>('GET', `/api/workspaces/${created.body.id}`);
        assert.equal(listed.body.source.cloned, true);
    });

    test('a branch is checked out; a missing branch is refused at creation, clearly, and makes no workspace', async () => {
        const created = await alice.json<{ id: string }>('POST', '/api/workspaces', { name: 'feature', gitUrl: repo('public'), branch: 'feature' });
        assert.equal(created.status, 201);
        await alice.request('POST', `/api/workspaces/${created.body.id}/open`);
        assert.equal(await readFile(join(sandboxes.volumes.get(created.body.id)!, 'feature.txt'), 'utf8'), 'on a branch\n');

        const missing = await alice.json<{ error: string }>('POST', '/api/workspaces', { name: 'nope', gitUrl: repo('public'), branch: 'nope' });
        assert.equal(missing.status, 422);
        assert.equal(missing.body.error, 'the repository has no branch nope');
        const absent = await alice.json<{ error: string }>('POST', '/api/workspaces', { name: 'nothing-there', gitUrl: repo('absent') });
        assert.equal(absent.status, 422);
        assert.match(absent.body.error, /there is no Git repository at that URL/);
        const names = (await alice.json<{ workspaces: { name: string }[] }>('GET', '/api/workspaces')).body.workspaces.map(workspace => workspace.name);
        assert.ok(!names.includes('nope') && !names.includes('nothing-there'));
    });

    test('a private repository needs the owner\'s stored token: refused without it or with a wrong one, cloned with it; the token is sealed and never shown', async () => {
        const without = await alice.json<{ error: string }>('POST', '/api/workspaces', { name: 'private', gitUrl: repo('private') });
        assert.equal(without.status, 422);
        assert.equal(without.body.error, `${host} refused access to the repository: store a token for ${host} under Git credentials on the dashboard (or check the one stored)`);

        assert.equal((await alice.request('POST', '/api/git-credentials', { host, username: 'alice', token: 'wrong-token' })).status, 201);
        assert.equal((await alice.request('POST', '/api/workspaces', { name: 'private', gitUrl: repo('private') })).status, 422);

        const stored = await alice.json<{ host: string; username: string }>('POST', '/api/git-credentials', { host: `http://${host}/`, username: 'alice', token: 'alice-token' });
        assert.equal(stored.status, 201);
        assert.equal(stored.body.host, host, 'a pasted URL is reduced to its host');
        const listed = await alice.json<{ credentials: Record<string, unknown>[] }>('GET', '/api/git-credentials');
        assert.equal(listed.body.credentials.length, 1, 'one token per host: the new one replaced the wrong one');
        assert.ok(!JSON.stringify(listed.body).includes('alice-token') && !('sealedToken' in listed.body.credentials[0]));
        assert.ok(!(await readFile(join(gateway.dataDir, 'gateway.json'), 'utf8')).includes('alice-token'), 'sealed at rest');

        const created = await alice.json<{ id: string }>('POST', '/api/workspaces', { name: 'private', gitUrl: repo('private') });
        assert.equal(created.status, 201);
        await alice.request('POST', `/api/workspaces/${created.body.id}/open`);
        assert.equal(await readFile(join(sandboxes.volumes.get(created.body.id)!, 'secret.txt'), 'utf8'), 'only for alice\n');
        assert.ok(git.requests.some(request => request.path.startsWith('/private.git') && request.user === 'alice'));
        const remote = (await run('git', ['-C', sandboxes.volumes.get(created.body.id)!, 'remote', 'get-url', 'origin'])).stdout.trim();
        assert.equal(remote, repo('private'), 'no credential in the workspace\'s remote');

        assert.equal((await bob.request('POST', '/api/workspaces', { name: 'theirs', gitUrl: repo('private') })).status, 422, 'alice\'s token is hers alone');
        const credentialId = (listed.body.credentials[0] as { id: string }).id;
        assert.equal((await bob.request('DELETE', `/api/git-credentials/${credentialId}`)).status, 404);
    });

    test('a repository over the size limit fails its first start with a clear reason, and leaves no half-made workspace files', async () => {
        // bob: alice's three sandboxes run, her quota.
        const created = await bob.json<{ id: string }>('POST', '/api/workspaces', { name: 'huge', gitUrl: repo('huge') });
        assert.equal(created.status, 201);
        const opened = await bob.json<{ error: string }>('POST', `/api/workspaces/${created.body.id}/open`);
        assert.equal(opened.status, 413);
        assert.match(opened.body.error, /the repository is larger than 1 MiB, this server's limit \(IDE_GIT_MAX_CLONE_MB\)/);
        const status = await bob.json<Status>('GET', `/api/workspaces/${created.body.id}/status`);
        assert.equal(status.body.state, 'failed');
        assert.match(status.body.error!, /larger than 1 MiB/);
        assert.ok(!sandboxes.volumes.has(created.body.id));
    });

    test('bad URLs and branches are refused before anything is fetched, each with what to do', async () => {
        const cases: [unknown, unknown, RegExp][] = [
            ['not a url', undefined, /is not a URL: give the repository's https:\/\/ address/],
            ['ftp://example.com/x.git', undefined, /only https:\/\/ \(and http:\/\/\) Git URLs/],
            ['file:///etc/passwd', undefined, /only https:\/\//],
            ['ext::sh -c touch% /tmp/pwned', undefined, /only https:\/\//],
            [`http://alice:alice-token@${host}/private.git`, undefined, /put no credentials in the URL/],
            [repo('public'), '--upload-pack=touch /tmp/pwned', /is not a branch name/],
            [repo('public'), 'a..b', /is not a branch name/],
            [undefined, 'main', /a branch needs a Git repository URL/],
            [`https://${'x'.repeat(3000)}.com/r.git`, undefined, /at most 2048 characters/],
            [42, undefined, /a Git repository URL is text/]
        ];
        const before = git.requests.length;
        for (const [gitUrl, branch, message] of cases) {
            const refused = await alice.json<{ error: string }>('POST', '/api/workspaces', { name: 'bad', gitUrl, branch });
            assert.equal(refused.status, 400, `${gitUrl} ${branch}`);
            assert.match(refused.body.error, message);
        }
        assert.equal(git.requests.length, before);
        const stored = await alice.json<{ error: string }>('POST', '/api/git-credentials', { host: 'not a host!', token: 'x' });
        assert.equal(stored.status, 400);
        assert.equal((await alice.json('POST', '/api/git-credentials', { host, token: 'two\nlines' })).status, 400);
    });
});

describe('where the gateway may clone from (it sits inside the team\'s network)', () => {
    test('internal addresses are refused unless an admin lists the host; with a list, only listed hosts', async () => {
        const sandboxes = new FakeSandboxes();
        const open = await startTestGateway(await testConfig(), { sandboxes });
        const listed = await startTestGateway(await testConfig({ IDE_GIT_HOSTS: 'git.example.com' }), { sandboxes });
        try {
            const alice = await userClient(open, 'alice');
            for (const url of ['http://127.0.0.1:9/r.git', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.1/r.git', 'http://[::1]/r.git', 'http://localhost/r.git']) {
                const refused = await alice.json<{ error: string }>('POST', '/api/workspaces', { name: 'internal', gitUrl: url });
                assert.equal(refused.status, 403, url);
                assert.match(refused.body.error, /is an internal address .*IDE_GIT_HOSTS/);
            }
            const carol = await userClient(listed, 'carol');
            const notListed = await carol.json<{ error: string }>('POST', '/api/workspaces', { name: 'elsewhere', gitUrl: 'https://github.com/owner/repo.git' });
            assert.equal(notListed.status, 403);
            assert.match(notListed.body.error, /cloning from github.com is not allowed on this server \(allowed: git.example.com\)/);
        } finally {
            sandboxes.closeAll();
            await open.close();
            await listed.close();
        }
    });

    test('a sealed token opens only for the owner and host it was sealed for, and only with its key', async () => {
        const dir = await tempDir('box');
        const box = await SecretBox.open(dir);
        const sealed = box.seal('ghp_secret', 'git-credential:u1:github.com');
        assert.equal(box.unseal(sealed, 'git-credential:u1:github.com'), 'ghp_secret');
        assert.equal(box.unseal(sealed, 'git-credential:u2:github.com'), undefined);
        assert.equal((await SecretBox.open(dir)).unseal(sealed, 'git-credential:u1:github.com'), 'ghp_secret', 'the key file is reused');
        assert.equal((await SecretBox.open(await tempDir('other'))).unseal(sealed, 'git-credential:u1:github.com'), undefined);
        const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
        assert.equal(box.unseal(tampered, 'git-credential:u1:github.com'), undefined);
    });
});
