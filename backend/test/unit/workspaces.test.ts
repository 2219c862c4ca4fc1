import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { AccessEvents } from '../../src/auth/access-events.js';
import { LiveConnections } from '../../src/auth/live-connections.js';
import { UserService } from '../../src/auth/users.js';
import { parseProfiles, ProfileCatalog } from '../../src/config/profiles.js';
import { safeNextPath } from '../../src/http/request-context.js';
import { createLogger } from '../../src/log.js';
import { SandboxLinks } from '../../src/sandbox-link/sandbox-links.js';
import { Store } from '../../src/store/store.js';
import { ApiTokenService } from '../../src/tokens/api-tokens.js';
import { SandboxBuilder } from '../../src/workspaces/sandbox-builder.js';
import { SandboxLifecycle } from '../../src/workspaces/sandbox-lifecycle.js';
import { isWorkspaceId, workspaceNameProblem } from '../../src/workspaces/workspace-names.js';
import { WorkspaceService } from '../../src/workspaces/workspace-service.js';
import { SecretBox } from '../../src/secrets/secret-box.js';
import { GitCredentials } from '../../src/workspaces/git/git-credentials.js';
import { GitHostPolicy } from '../../src/workspaces/git/git-host-policy.js';
import { WorkspaceClones } from '../../src/workspaces/git/workspace-clones.js';
import { PostCreateCommands } from '../../src/workspaces/devcontainer/post-create-command.js';
import { MemoryBudget } from '../../src/limits/memory-budget.js';
import { FakeSandboxes } from '../fake-sandboxes.js';
import { tempDir, testProfiles } from '../helpers.js';

/** The workspace services on fake sandboxes that dial real links; the Docker provider has its own integration tests. */
async function setup(catalog: ProfileCatalog = testProfiles()) {
    const dir = await tempDir('ws');
    const store = await Store.open(join(dir, 'gateway.json'));
    const events = new AccessEvents();
    const log = createLogger('silent');
    const users = new UserService(store, events);
    const alice = await users.create('alice', 'alice-password');
    const bob = await users.create('bob', 'bob-password-1');
    const sandboxes = new FakeSandboxes();
    const links = new SandboxLinks(join(dir, 'run'), async (_req, res) => { res.end(); }, log);
    const builder = new SandboxBuilder({ sandboxes, links, readyTimeoutMs: 10_000, log });
    const workspaces = new WorkspaceService(store, builder, catalog, { maxWorkspacesPerUser: 3, maxRunningSandboxesPerUser: 2 });
    const clones = new WorkspaceClones({
        dataDir: dir, policy: new GitHostPolicy([]), credentials: new GitCredentials(store, await SecretBox.open(dir)), maxCloneBytes: 1 << 20, cloneTimeoutMs: 10_000, log
    });
    const postCreate = new PostCreateCommands((id, outcome) => workspaces.recordPostCreate(id, outcome), new MemoryBudget(1 << 20), log);
    const lifecycle = new SandboxLifecycle({ workspaces, builder, connections: new LiveConnections(log), tokens: new ApiTokenService(store, users, events), clones, postCreate, log });
    const close = async (): Promise<void> => { sandboxes.closeAll(); await links.closeAll(); };
    return { store, users, alice, bob, sandboxes, workspaces, lifecycle, close };
}

test('quotas: workspaces and running sandboxes per user, with per-user overrides, refused clearly', async () => {
    const { users, alice, bob, sandboxes, workspaces, lifecycle, close } = await setup();
    const [one, two, three] = [await workspaces.create(alice, 'one'), await workspaces.create(alice, 'two'), await workspaces.create(alice, 'three')];
    await assert.rejects(workspaces.create(alice, 'four'), /reached your limit of 3 workspaces/);
    await lifecycle.open(alice, one.id);
    await lifecycle.open(alice, two.id);
    await lifecycle.open(alice, two.id);
    await assert.rejects(lifecycle.open(alice, three.id), (error: { status: number; message: string }) =>
        error.status === 409 && /2 sandboxes running \(one, two\), your limit is 2: stop one first/.test(error.message));
    await lifecycle.stop(one.id, 'test');
    await lifecycle.open(alice, three.id);
    assert.equal(sandboxes.calls.filter(call => call.startsWith('run')).length, 4);
    await close();

    const admin = await users.create('root', 'root-password-1', true);
    const raised = await users.update(admin, alice.id, { quota: { maxWorkspaces: 4 } });
    await workspaces.create(raised, 'four');
    await assert.rejects(users.update(admin, alice.id, { quota: { maxWorkspaces: -1 } }), /quota\.maxWorkspaces/);
    await assert.rejects(users.update(admin, alice.id, { colour: 'red' }), /Unrecognized key/);
    await assert.rejects(users.update(admin, admin.id, { disabled: true }), /cannot disable or demote your own account/);
    await assert.rejects(users.update(admin, 'nobody', { disabled: true }), /user not found/);
    await assert.rejects(users.update(admin, bob.id, { password: 'short' }), /password/);
    const disabled = await users.update(admin, bob.id, { disabled: true, isAdmin: true });
    assert.equal(disabled.disabled, true);
    assert.equal(await users.authenticate('bob', 'bob-password-1'), undefined);
    await users.update(admin, bob.id, { disabled: false, password: 'new-bob-password' });
    assert.equal((await users.authenticate('bob', 'new-bob-password'))?.id, bob.id);
});

test('workspace names: path tricks and odd characters are refused', () => {
    for (const bad of ['../etc', '..', 'a/b', 'a\\b', '.hidden', '', '   ', 'x'.repeat(64), 'semi;colon', 'new\nline', 42]) {
        assert.ok(workspaceNameProblem(bad), `should refuse ${JSON.stringify(bad)}`);
    }
    for (const good of ['my-project', 'Project 2', 'a', 'v1.2_final']) {
        assert.equal(workspaceNameProblem(good), undefined, good);
    }
    assert.equal(isWorkspaceId('abcdefghij12'), true);
    assert.equal(isWorkspaceId('../../etc/pa'), false);
});

test('a user sees and acts on their own workspaces only; others get "not found"', async () => {
    const { alice, bob, sandboxes, workspaces, lifecycle, close } = await setup();
    const project = await workspaces.create(alice, 'project');
    assert.deepEqual(workspaces.list(alice).map(w => w.id), [project.id]);
    assert.deepEqual(workspaces.list(bob), []);
    for (const action of [
        () => workspaces.get(bob, project.id),
        () => lifecycle.open(bob, project.id),
        () => lifecycle.link(bob, project.id, { wake: true }),
        () => lifecycle.delete(bob, project.id)
    ]) {
        await assert.rejects(async () => action(), (error: { status: number }) => error.status === 404);
    }
    assert.deepEqual(sandboxes.calls, [], 'nothing reached the engine for bob');
    await lifecycle.open(alice, project.id);
    await lifecycle.delete(alice, project.id);
    assert.deepEqual(sandboxes.calls, [`run ${project.id}`, `stop ${project.id}`, `remove ${project.id}`]);
    assert.deepEqual(workspaces.list(alice), []);
    await close();
});

test('creating: bad name, unknown profile, duplicate name are refused clearly', async () => {
    const { alice, workspaces, close } = await setup();
    await close();
    await assert.rejects(workspaces.create(alice, '../x'), /must not contain/);
    await assert.rejects(workspaces.create(alice, 'ok', 'gpu'), /unknown profile "gpu"; available: default/);
    await workspaces.create(alice, 'ok');
    await assert.rejects(workspaces.create(alice, 'ok'), /already have a workspace named "ok"/);
    await assert.rejects(async () => workspaces.get(alice, '../../etc'), /not found/);
});

test('sign-in redirects stay on this site', () => {
    assert.equal(safeNextPath('/w/abc/'), '/w/abc/');
    assert.equal(safeNextPath('//evil.example/'), '/');
    assert.equal(safeNextPath('/\\evil.example/'), '/');
    assert.equal(safeNextPath('https://evil.example/'), '/');
});

test('profiles limited to users or groups: others neither see nor use them', async () => {
    const catalog = parseProfiles({ profiles: {
        default: { image: 'ide-sandbox-base:latest' },
        ml: { image: 'ide-sandbox-base:latest', allowedGroups: ['ml-team'] },
        solo: { image: 'ide-sandbox-base:latest', allowedUsers: ['bob'] }
    } });
    const { users, alice, bob, workspaces, close } = await setup(catalog);
    await close();
    assert.deepEqual(workspaces.profileNames(alice), ['default']);
    assert.deepEqual(workspaces.profileNames(bob), ['default', 'solo']);
    await assert.rejects(workspaces.create(alice, 'gpu-work', 'ml'), /unknown profile "ml"; available: default/);
    const admin = await users.create('root', 'root-password-1', true);
    await assert.rejects(users.update(admin, alice.id, { groups: ['ML Team'] }), /group names are lowercase/);
    const member = await users.update(admin, alice.id, { groups: ['ml-team', 'ml-team'] });
    assert.deepEqual(member.groups, ['ml-team']);
    assert.deepEqual(workspaces.profileNames(member), ['default', 'ml']);
    assert.equal((await workspaces.create(member, 'gpu-work', 'ml')).profile, 'ml');
});
