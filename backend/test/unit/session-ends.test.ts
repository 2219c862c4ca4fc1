import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { Gateway } from '../../src/gateway.js';
import { FakeSandboxes } from '../fake-sandboxes.js';
import { Client, IdeClient, startTestGateway, testConfig, userAdmin, userClient } from '../helpers.js';
import { connectAgent, createToken } from '../mcp-agent.js';

/** Resolves once the socket is closed, or rejects after `ms`. */
function closed(socket: WebSocket, ms = 3000): Promise<void> {
    if (socket.readyState === WebSocket.CLOSED) {
        return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms);
        socket.once('close', () => { clearTimeout(timer); resolve(); });
    });
}

async function echoes(socket: WebSocket): Promise<boolean> {
    const reply = new Promise<boolean>(resolve => {
        socket.once('message', data => resolve(String(data) === 'echo:ping'));
        setTimeout(() => resolve(false), 2000);
    });
    socket.send('ping');
    return reply;
}

describe('ending access ends what is connected under it, at once', () => {
    let gateway: Gateway;
    let sandboxes: FakeSandboxes;
    let admin: Client;

    before(async () => {
        sandboxes = new FakeSandboxes();
        gateway = await startTestGateway(await testConfig({ IDE_SESSION_HOURS: '1' }), { sandboxes });
        admin = await userAdmin(gateway);
    });
    after(async () => {
        sandboxes.closeAll();
        await gateway.close();
    });

    /** A user with a workspace, its IDE open over a WebSocket, and an agent's MCP session on it. */
    async function connectedUser(name: string): Promise<{ user: Client; workspaceId: string; socket: WebSocket; agentCall: () => Promise<unknown>; userId: string }> {
        const user = await userClient(gateway, name);
        const workspaceId = (await user.json<{ id: string }>('POST', '/api/workspaces', { name: 'project' })).body.id;
        const socket = await (await IdeClient.enter(user, workspaceId)).webSocket('/services');
        assert.ok(await echoes(socket));
        const token = await createToken(user, { name: 'agent', workspaceId });
        const agent = await connectAgent(`${gateway.url}/mcp/${workspaceId}`, token.secret);
        await agent.callTool({ name: 'list_directory', arguments: { path: '.' } });
        const userId = (await user.json<{ id: string }>('GET', '/api/me')).body.id;
        return { user, workspaceId, socket, userId, agentCall: () => agent.callTool({ name: 'list_directory', arguments: { path: '.' } }) };
    }

    test('signing out closes that session\'s IDE WebSockets; another browser\'s and the agent\'s go on', async () => {
        const { user, workspaceId, socket, agentCall, userId } = await connectedUser('olga');
        const otherBrowser = new Client(gateway.url);
        await otherBrowser.login('olga', 'olga-password-123');
        const otherSocket = await (await IdeClient.enter(otherBrowser, workspaceId)).webSocket('/services');
        await user.request('POST', '/logout');
        await closed(socket);
        assert.equal(gateway.connections.count({ userId, kind: 'ide' }), 1);
        assert.ok(await echoes(otherSocket), 'the other browser\'s session is untouched');
        await agentCall();
        otherSocket.close();
    });

    test('disabling a user closes their WebSockets and MCP sessions and revokes their tokens', async () => {
        const { socket, agentCall, userId } = await connectedUser('dora');
        assert.equal(gateway.connections.count({ userId, kind: 'agent' }), 1);
        assert.equal((await admin.json('PATCH', `/api/admin/users/${userId}`, { disabled: true })).status, 200);
        await closed(socket);
        assert.equal(gateway.connections.count({ userId }), 0);
        await assert.rejects(agentCall(), 'the MCP session is gone and its token revoked');
        assert.equal(gateway.store.data.apiTokens.filter(token => token.userId === userId).length, 0);
        await admin.json('PATCH', `/api/admin/users/${userId}`, { disabled: false });
        assert.equal(gateway.store.data.apiTokens.filter(token => token.userId === userId).length, 0, 'enabling again brings no token back');
    });

    test('an admin resetting the password closes the user\'s WebSockets and sessions', async () => {
        const { user, socket, userId } = await connectedUser('rita');
        assert.equal((await admin.json('PATCH', `/api/admin/users/${userId}`, { password: 'a-brand-new-password' })).status, 200);
        await closed(socket);
        assert.equal((await user.request('GET', '/api/me')).status, 401);
    });

    test('an expired session\'s WebSockets are closed by the sweep, without waiting for a request', async () => {
        const { socket, userId } = await connectedUser('erin');
        await gateway.store.update(data => {
            data.sessions.filter(session => session.userId === userId).forEach(session => { session.expiresAt = new Date(Date.now() - 1000).toISOString(); });
        });
        await closed(socket, 15_000);
        assert.equal(gateway.connections.count({ userId, kind: 'ide' }), 0);
    });

    test('stopping the workspace closes its IDE WebSockets; deleting it also ends its MCP sessions and its tokens', async () => {
        const stopped = await connectedUser('sam');
        await stopped.user.request('POST', `/api/workspaces/${stopped.workspaceId}/stop`);
        await closed(stopped.socket);

        const deleted = await connectedUser('dan');
        assert.equal((await deleted.user.request('DELETE', `/api/workspaces/${deleted.workspaceId}`)).status, 200);
        await closed(deleted.socket);
        assert.equal(gateway.connections.count({ workspaceId: deleted.workspaceId }), 0);
        await assert.rejects(deleted.agentCall());
        assert.equal(gateway.store.data.apiTokens.filter(token => token.workspaceId === deleted.workspaceId).length, 0, 'tokens limited to the workspace are revoked');
    });

    test('a workspace origin\'s session dies with the gateway session it came from', async () => {
        const user = await userClient(gateway, 'wes');
        const workspaceId = (await user.json<{ id: string }>('POST', '/api/workspaces', { name: 'project' })).body.id;
        const ide = await IdeClient.enter(user, workspaceId);
        assert.equal((await ide.request('GET', '/x')).status, 200);
        await user.request('POST', '/logout');
        await sleep(50);
        assert.equal((await ide.request('GET', '/x')).status, 401);
        assert.equal(gateway.store.data.workspaceSessions.filter(session => session.workspaceId === workspaceId).length, 0);
    });
});
