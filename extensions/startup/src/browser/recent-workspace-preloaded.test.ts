import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkspaceServer } from '@theia/workspace/lib/common/workspace-protocol';
import { RecentWorkspacePreloaded } from './recent-workspace-preloaded';

/** A backend that records what it is asked, answering the workspace to open from `answers` in turn. */
function recordingBackend(answers: (() => Promise<string | undefined>)[]): { backend: WorkspaceServer; asked: string[] } {
    const asked: string[] = [];
    const backend: WorkspaceServer = {
        getMostRecentlyUsedWorkspace: () => { asked.push('recent'); return answers.shift()!(); },
        setMostRecentlyUsedWorkspace: async uri => { asked.push(`set ${uri}`); },
        removeRecentWorkspace: async uri => { asked.push(`remove ${uri}`); },
        getRecentWorkspaces: async () => { asked.push('list'); return []; }
    };
    return { backend, asked };
}

test('the workspace asked for during the preload answers the first ask; later asks go to the backend', async () => {
    const { backend, asked } = recordingBackend([async () => 'file:///workspace', async () => 'file:///elsewhere']);
    const workspaces = new RecentWorkspacePreloaded(backend);
    workspaces.preload();
    assert.deepEqual(asked, ['recent'], 'asked at once, before anyone wants it');
    assert.equal(await workspaces.getMostRecentlyUsedWorkspace(), 'file:///workspace');
    assert.deepEqual(asked, ['recent']);
    assert.equal(await workspaces.getMostRecentlyUsedWorkspace(), 'file:///elsewhere');
    assert.deepEqual(asked, ['recent', 'recent']);
});

test('an early answer that failed is asked for again', async () => {
    const { backend, asked } = recordingBackend([async () => { throw new Error('connection closed'); }, async () => 'file:///workspace']);
    const workspaces = new RecentWorkspacePreloaded(backend);
    workspaces.preload();
    assert.equal(await workspaces.getMostRecentlyUsedWorkspace(), 'file:///workspace');
    assert.deepEqual(asked, ['recent', 'recent']);
});

test('an early answer no one took is dropped when the recent workspaces change', async () => {
    const { backend, asked } = recordingBackend([async () => 'file:///workspace', async () => 'file:///other']);
    const workspaces = new RecentWorkspacePreloaded(backend);
    workspaces.preload();
    await workspaces.setMostRecentlyUsedWorkspace('file:///other');
    assert.equal(await workspaces.getMostRecentlyUsedWorkspace(), 'file:///other');
    assert.deepEqual(asked, ['recent', 'set file:///other', 'recent']);
});
