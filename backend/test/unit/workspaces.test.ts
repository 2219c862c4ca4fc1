import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserService } from '../../src/auth/users.js';
import { safeNextPath } from '../../src/http/request-context.js';
import { matchWorkspacePath } from '../../src/proxy/workspace-proxy.js';
import { SandboxEndpoint, SandboxProvider, SandboxStatus } from '../../src/sandbox/sandbox-provider.js';
import { Store } from '../../src/store/store.js';
import { isWorkspaceId, workspaceNameProblem } from '../../src/workspaces/workspace-names.js';
import { WorkspaceService } from '../../src/workspaces/workspace-service.js';
import { tempDir, testProfiles } from '../helpers.js';

/** Records what the service asks of the engine; the Docker provider has its own integration tests. */
class RecordingSandboxes implements SandboxProvider {
    readonly calls: string[] = [];
    async ensureRunning(workspace: { id: string }): Promise<SandboxEndpoint> { this.calls.push(`run ${workspace.id}`); return { socketPath: '/x', secret: 's' }; }
    async status(workspaceId: string): Promise<SandboxStatus> { return { workspaceId, state: 'absent' }; }
    async stop(workspaceId: string): Promise<void> { this.calls.push(`stop ${workspaceId}`); }
    async remove(workspaceId: string): Promise<void> { this.calls.push(`remove ${workspaceId}`); }
    async removeOrphans(): Promise<string[]> { return []; }
    async ping(): Promise<void> { }
}

async function setup() {
    const store = await Store.open(join(await tempDir('ws'), 'gateway.json'));
    const users = new UserService(store);
    const alice = await users.create('alice', 'alice-password');
    const bob = await users.create('bob', 'bob-password-1');
    const sandboxes = new RecordingSandboxes();
    return { alice, bob, sandboxes, workspaces: new WorkspaceService(store, sandboxes, testProfiles()) };
}

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
    const { alice, bob, sandboxes, workspaces } = await setup();
    const project = await workspaces.create(alice, 'project');
    assert.deepEqual(workspaces.list(alice).map(w => w.id), [project.id]);
    assert.deepEqual(workspaces.list(bob), []);
    for (const action of [
        () => workspaces.get(bob, project.id),
        () => workspaces.open(bob, project.id),
        () => workspaces.stop(bob, project.id),
        () => workspaces.delete(bob, project.id)
    ]) {
        await assert.rejects(async () => action(), (error: { status: number }) => error.status === 404);
    }
    assert.deepEqual(sandboxes.calls, [], 'nothing reached the engine for bob');
    await workspaces.open(alice, project.id);
    await workspaces.delete(alice, project.id);
    assert.deepEqual(sandboxes.calls, [`run ${project.id}`, `remove ${project.id}`]);
    assert.deepEqual(workspaces.list(alice), []);
});

test('creating: bad name, unknown profile, duplicate name are refused clearly', async () => {
    const { alice, workspaces } = await setup();
    await assert.rejects(workspaces.create(alice, '../x'), /must not contain/);
    await assert.rejects(workspaces.create(alice, 'ok', 'gpu'), /unknown profile "gpu"; available: default/);
    await workspaces.create(alice, 'ok');
    await assert.rejects(workspaces.create(alice, 'ok'), /already have a workspace named "ok"/);
    await assert.rejects(async () => workspaces.get(alice, '../../etc'), /not found/);
});

test('workspace URLs are parsed strictly; sign-in redirects stay on this site', () => {
    assert.deepEqual(matchWorkspacePath('/w/abc/x/y?z=1'), { workspaceId: 'abc', innerPath: '/x/y?z=1' });
    assert.deepEqual(matchWorkspacePath('/w/abc'), { workspaceId: 'abc', innerPath: '' });
    assert.equal(matchWorkspacePath('/wx/abc/'), undefined);
    assert.equal(safeNextPath('/w/abc/'), '/w/abc/');
    assert.equal(safeNextPath('//evil.example/'), '/');
    assert.equal(safeNextPath('/\\evil.example/'), '/');
    assert.equal(safeNextPath('https://evil.example/'), '/');
});
