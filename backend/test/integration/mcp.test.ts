import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Gateway } from '../../src/gateway.js';
import { Client, REPO_ROOT, startTestGateway, testConfig, userAdmin, userClient } from '../helpers.js';
import { connectAgent, createToken, structuredOf, textOf, Token } from '../mcp-agent.js';

const run = promisify(execFile);

describe('MCP over Streamable HTTP, tools running in the real sandbox', { timeout: 300_000 }, () => {
    let gateway: Gateway;
    let alice: Client;
    let bob: Client;
    let aliceWs: string;
    let aliceOtherWs: string;
    let bobWs: string;
    let readWrite: Token;
    let readOnly: Token;
    let agent: McpClient;
    const mcpUrl = (workspace: string): string => `${gateway.url}/mcp/${workspace}`;
    const call = (name: string, args: Record<string, unknown>) => agent.callTool({ name, arguments: args });


    before(async () => {
        gateway = await startTestGateway(await testConfig({ IDE_INSTANCE: `mcp${process.pid}` }));
        alice = await userClient(gateway, 'alice');
        bob = await userClient(gateway, 'bob');
        aliceWs = (await alice.json<{ id: string }>('POST', '/api/workspaces', { name: 'agent-project' })).body.id;
        aliceOtherWs = (await alice.json<{ id: string }>('POST', '/api/workspaces', { name: 'other-project' })).body.id;
        bobWs = (await bob.json<{ id: string }>('POST', '/api/workspaces', { name: 'bob-project' })).body.id;
        readWrite = await createToken(alice, { name: 'claude-code' });
        readOnly = await createToken(alice, { name: 'reviewer', workspaceId: aliceWs, readOnly: true });
        agent = await connectAgent(mcpUrl('agent-project'), readWrite.secret);
    });

    after(async () => {
        await agent?.close().catch(() => undefined);
        for (const [client, id] of [[alice, aliceWs], [alice, aliceOtherWs], [bob, bobWs]] as const) {
            await client?.request('DELETE', `/api/workspaces/${id}`).catch(() => undefined);
        }
        await gateway?.close();
    });

    test('tools/list names the tools agents know, with honest annotations', async () => {
        const { tools } = await agent.listTools();
        const byName = new Map(tools.map(tool => [tool.name, tool]));
        for (const name of ['read_text_file', 'write_file', 'edit_file', 'list_directory', 'search_files', 'run_command', 'read_process_output', 'kill_process']) {
            assert.ok(byName.has(name), `missing ${name}`);
        }
        assert.equal(byName.get('read_text_file')!.annotations?.readOnlyHint, true);
        assert.equal(byName.get('list_directory')!.annotations?.readOnlyHint, true);
        assert.equal(byName.get('write_file')!.annotations?.readOnlyHint, false);
        assert.equal(byName.get('write_file')!.annotations?.destructiveHint, true);
        assert.equal(byName.get('run_command')!.annotations?.readOnlyHint, false);
    });

    test('a stopped sandbox is woken by a tool call (the sandbox wakes on demand)', async () => {
        await alice.request('POST', `/api/workspaces/${aliceWs}/stop`);
        const result = await call('run_command', { command: 'id -u; pwd; hostname' });
        assert.ok(!result.isError, textOf(result));
        assert.match(textOf(result), /1000\s+\/workspace\s+ws-/);
    });

    test('files: write, read with head/tail/offset, edit with a dry-run diff, list, search', async () => {
        const lines = Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
        assert.ok(!(await call('write_file', { path: 'src/notes.txt', content: lines })).isError);
        assert.equal(textOf(await call('read_text_file', { path: 'src/notes.txt', head: 2 })).trim().split('\n').slice(0, 2).join(), 'line 1,line 2');
        assert.match(textOf(await call('read_text_file', { path: 'src/notes.txt', tail: 1 })), /line 10/);
        assert.match(textOf(await call('read_text_file', { path: '/workspace/src/notes.txt', offset: 5, limit: 2 })), /line 5\s+line 6/);
        const dry = await call('edit_file', { path: 'src/notes.txt', edits: [{ oldText: 'line 3', newText: 'LINE THREE' }], dryRun: true });
        assert.match(textOf(dry), /-line 3\n\+LINE THREE/);
        assert.doesNotMatch(textOf(await call('read_text_file', { path: 'src/notes.txt' })), /LINE THREE/, 'dry run wrote nothing');
        assert.ok(!(await call('edit_file', { path: 'src/notes.txt', edits: [{ oldText: 'line 3', newText: 'LINE THREE' }] })).isError);
        assert.match(textOf(await call('read_text_file', { path: 'src/notes.txt' })), /LINE THREE/);
        const ambiguous = await call('edit_file', { path: 'src/notes.txt', edits: [{ oldText: 'line 1', newText: 'x' }] });
        assert.equal(ambiguous.isError, true, 'line 1 also matches line 10');
        assert.match(textOf(await call('list_directory', { path: 'src' })), /\[FILE\] notes\.txt/);
        await call('write_file', { path: 'src/app.ts', content: 'export const needle = 42;\n' });
        const search = await call('search_files', { pattern: 'needle', glob: '*.ts' });
        assert.match(textOf(search), /src\/app\.ts:1:/);
        assert.doesNotMatch(textOf(search), /notes\.txt/);
    });

    test('a 5 MB file makes the round trip intact', async () => {
        const content = Array.from({ length: 5 * 1024 }, (_, i) => `${String(i).padStart(6, '0')} ${'x'.repeat(1016)}\n`).join('');
        assert.equal(content.length, 5 * 1024 * 1024);
        assert.ok(!(await call('write_file', { path: 'big.txt', content })).isError);
        const back = await call('read_text_file', { path: 'big.txt' });
        assert.ok(!back.isError, textOf(back).slice(0, 300));
        assert.equal(textOf(back), content);
    });

    test('a long command reports progress', async () => {
        const progress: string[] = [];
        const result = await agent.callTool({ name: 'run_command', arguments: { command: 'for i in 1 2 3 4; do echo step $i; sleep 1; done' } }, undefined, {
            onprogress: update => { progress.push(update.message ?? String(update.progress)); },
            timeout: 60_000
        });
        assert.match(textOf(result), /step 4/);
        assert.ok(progress.length >= 2, `expected progress notifications, got ${progress.length}`);
    });

    test('cancelling a call kills its process', async () => {
        const controller = new AbortController();
        const pending = agent.callTool({ name: 'run_command', arguments: { command: 'echo $$ > /tmp/cancel.pid; exec sleep 120', timeoutMs: 60_000 } }, undefined, { signal: controller.signal });
        await new Promise(resolve => setTimeout(resolve, 2000));
        controller.abort('test cancels');
        await assert.rejects(pending);
        await new Promise(resolve => setTimeout(resolve, 3000));
        const check = await call('run_command', { command: 'pid=$(cat /tmp/cancel.pid); if kill -0 $pid 2>/dev/null; then echo alive $pid; else echo gone $pid; fi' });
        assert.match(textOf(check), /gone \d+/);
    });

    test('a command that outlives its timeout hands back a process id to poll or kill', async () => {
        const slow = await call('run_command', { command: 'echo started; sleep 4; echo finished', timeoutMs: 1000 });
        const { processId, running } = structuredOf<{ processId: string; running: boolean }>(slow);
        assert.equal(running, true, textOf(slow));
        assert.match(textOf(slow), /started/);
        await new Promise(resolve => setTimeout(resolve, 5000));
        const done = await call('read_process_output', { processId });
        assert.equal(structuredOf<{ running: boolean }>(done).running, false);
        assert.match(textOf(done), /finished/);

        const stuck = await call('run_command', { command: 'sleep 300', timeoutMs: 500 });
        const stuckId = structuredOf<{ processId: string }>(stuck).processId;
        assert.ok(!(await call('kill_process', { processId: stuckId })).isError);
        assert.equal(structuredOf<{ running: boolean }>(await call('read_process_output', { processId: stuckId })).running, false);
        const tooLong = await call('run_command', { command: 'true', timeoutMs: 10_000_000 });
        assert.equal(tooLong.isError, true);
    });

    test('every path argument is confined to the workspace', async () => {
        await call('run_command', { command: 'ln -sfn /etc /workspace/etc-link' });
        const attempts: [string, Record<string, unknown>][] = [
            ['read_text_file', { path: '../etc/passwd' }],
            ['read_text_file', { path: '/etc/passwd' }],
            ['read_text_file', { path: 'etc-link/passwd' }],
            ['write_file', { path: '../../tmp/escape.txt', content: 'x' }],
            ['write_file', { path: 'etc-link/evil', content: 'x' }],
            ['edit_file', { path: '/etc/hosts', edits: [{ oldText: 'a', newText: 'b' }] }],
            ['list_directory', { path: '/' }],
            ['list_directory', { path: 'etc-link' }],
            ['search_files', { pattern: 'root', path: '..' }],
            ['run_command', { command: 'pwd', cwd: '../..' }]
        ];
        for (const [name, args] of attempts) {
            const result = await call(name, args);
            assert.equal(result.isError, true, `${name} ${JSON.stringify(args)} should be refused: ${textOf(result)}`);
            assert.match(textOf(result), /outside the workspace/, `${name} ${JSON.stringify(args)}`);
        }
    });

    test('the MCP Inspector CLI lists and calls tools against the live server', async () => {
        // The CLI of @modelcontextprotocol/inspector (its own `mcp-inspector` launcher resolves a too-old hoisted commander).
        // It finds its package.json through a path relative to the working directory, hence the cwd.
        const cliBuild = join(REPO_ROOT, 'node_modules/@modelcontextprotocol/inspector-cli/build');
        const inspector = [join(cliBuild, 'cli.js'), '--cli'];
        const options = { timeout: 60_000, cwd: cliBuild };
        const auth = `Authorization: Bearer ${readWrite.secret}`;
        const list = await run(process.execPath, [...inspector, mcpUrl(aliceWs), '--transport', 'http', '--method', 'tools/list', '--header', auth], options);
        assert.match(list.stdout, /"read_text_file"/);
        const called = await run(process.execPath, [...inspector, mcpUrl(aliceWs), '--transport', 'http', '--method', 'tools/call', '--tool-name', 'run_command', '--tool-arg', 'command=echo inspector-was-here', '--header', auth], options);
        assert.match(called.stdout, /inspector-was-here/);
    });

    test('each tool call is audited for the user and for admins', async () => {
        const mine = await alice.json<{ entries: { tool: string; tokenName: string; outcome: string; workspaceId: string; durationMs: number }[] }>('GET', '/api/audit');
        assert.ok(mine.body.entries.some(entry => entry.tool === 'write_file' && entry.tokenName === 'claude-code' && entry.outcome === 'ok' && entry.workspaceId === aliceWs));
        assert.ok(mine.body.entries.some(entry => entry.tool === 'read_text_file' && entry.outcome === 'error'));
        assert.ok(mine.body.entries.every(entry => typeof entry.durationMs === 'number'));
        assert.deepEqual((await bob.json<{ entries: unknown[] }>('GET', '/api/audit')).body.entries, [], 'bob sees none of alice\'s');
        assert.equal((await bob.request('GET', '/api/admin/audit')).status, 403);
        const admin = await userAdmin(gateway);
        assert.ok((await admin.json<{ entries: unknown[] }>('GET', '/api/admin/audit')).body.entries.length > 0);
    });

    describe('refusals, each clear, and the server keeps serving', () => {
        const post = (url: string, body: string, headers: Record<string, string> = {}) => fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
            body
        });
        const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });

        test('no token, a bad token, a revoked token, an expired token: 401 with WWW-Authenticate', async () => {
            const none = await post(mcpUrl(aliceWs), initialize);
            assert.equal(none.status, 401);
            assert.match(none.headers.get('www-authenticate')!, /^Bearer realm="ide-mcp"/);
            const bad = await post(mcpUrl(aliceWs), initialize, { authorization: 'Bearer ide_pat_not-a-token' });
            assert.equal(bad.status, 401);
            assert.match(bad.headers.get('www-authenticate')!, /error="invalid_token"/);

            const revoked = await createToken(alice, { name: 'revoked' });
            await alice.request('DELETE', `/api/tokens/${revoked.id}`);
            const afterRevoke = await post(mcpUrl(aliceWs), initialize, { authorization: `Bearer ${revoked.secret}` });
            assert.equal(afterRevoke.status, 401);
            assert.match((await afterRevoke.json() as { error: { message: string } }).error.message, /unknown or revoked/);

            const expiring = await createToken(alice, { name: 'expiring', expiresInDays: 1 });
            await gateway.store.update(data => { data.apiTokens.find(token => token.id === expiring.id)!.expiresAt = new Date(Date.now() - 1000).toISOString(); });
            const expired = await post(mcpUrl(aliceWs), initialize, { authorization: `Bearer ${expiring.secret}` });
            assert.equal(expired.status, 401);
            assert.match((await expired.json() as { error: { message: string } }).error.message, /expired/);
        });

        test('another user\'s workspace, or one outside the token\'s scope: 403', async () => {
            const other = await post(mcpUrl(bobWs), initialize, { authorization: `Bearer ${readWrite.secret}` });
            assert.equal(other.status, 403);
            const outOfScope = await post(mcpUrl(aliceOtherWs), initialize, { authorization: `Bearer ${readOnly.secret}` });
            assert.equal(outOfScope.status, 403);
            const unscoped = await post(`${gateway.url}/mcp`, initialize, { authorization: `Bearer ${readWrite.secret}` });
            assert.equal(unscoped.status, 400, 'an all-workspaces token must name the workspace');
        });

        test('a read-only token sees only read tools and cannot write', async () => {
            const reviewer = await connectAgent(`${gateway.url}/mcp`, readOnly.secret);
            try {
                const names = (await reviewer.listTools()).tools.map(tool => tool.name);
                assert.ok(names.includes('read_text_file'));
                assert.ok(!names.includes('write_file') && !names.includes('run_command'));
                const write = await reviewer.callTool({ name: 'write_file', arguments: { path: 'ro.txt', content: 'x' } });
                assert.equal(write.isError, true);
                assert.match(textOf(write), /read-only/);
                assert.ok(!(await reviewer.callTool({ name: 'read_text_file', arguments: { path: 'src/notes.txt' } })).isError);
            } finally {
                await reviewer.close();
            }
        });

        test('a 100 MB body is refused with 413', async () => {
            const huge = await post(mcpUrl(aliceWs), `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"write_file","arguments":{"path":"x","content":"${'a'.repeat(100 * 1024 * 1024)}"}}}`, { authorization: `Bearer ${readWrite.secret}` }).catch(error => error as Error);
            if (huge instanceof Error) {
                assert.fail(`the gateway dropped the connection instead of answering 413: ${huge.message}`);
            }
            assert.equal(huge.status, 413);
            assert.match((await huge.json() as { error: { message: string } }).error.message, /larger than the limit of 16 MiB/);
        });

        test('malformed JSON-RPC, unknown sessions and foreign origins are refused', async () => {
            const auth = { authorization: `Bearer ${readWrite.secret}` };
            const garbage = await post(mcpUrl(aliceWs), '{"jsonrpc": "2.0", "method": ', auth);
            assert.equal(garbage.status, 400);
            assert.equal((await garbage.json() as { error: { code: number } }).error.code, -32700);
            const notInitialize = await post(mcpUrl(aliceWs), JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list' }), auth);
            assert.equal(notInitialize.status, 400);
            const unknownSession = await post(mcpUrl(aliceWs), JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'tools/list' }), { ...auth, 'mcp-session-id': 'no-such-session' });
            assert.equal(unknownSession.status, 404);
            const foreign = await post(mcpUrl(aliceWs), initialize, { ...auth, origin: 'https://evil.example' });
            assert.equal(foreign.status, 403);
            const notRpc = await post(mcpUrl(aliceWs), JSON.stringify({ hello: 'world' }), auth);
            assert.equal(notRpc.status, 400);
            assert.match(textOf(await call('run_command', { command: 'echo still-serving' })), /still-serving/);
            assert.equal((await fetch(`${gateway.url}/healthz`)).status, 200);
        });

        test('DELETE ends a session; its id is then unknown', async () => {
            const transport = new StreamableHTTPClientTransport(new URL(mcpUrl(aliceWs)), { requestInit: { headers: { authorization: `Bearer ${readWrite.secret}` } } });
            const client = new McpClient({ name: 'short-lived', version: '1' });
            await client.connect(transport);
            const sessionId = transport.sessionId!;
            await transport.terminateSession();
            const reuse = await post(mcpUrl(aliceWs), JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }), { authorization: `Bearer ${readWrite.secret}`, 'mcp-session-id': sessionId });
            assert.equal(reuse.status, 404);
            await client.close();
        });
    });
});
