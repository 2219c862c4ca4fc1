import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { Gateway } from '../../src/gateway.js';
import { FakeSandboxes, Handler } from '../fake-sandboxes.js';
import { startTestGateway, testConfig, userClient } from '../helpers.js';
import { connectAgent, createToken, textOf } from '../mcp-agent.js';

const result = (text: string): string => JSON.stringify({ type: 'result', isError: false, content: [{ type: 'text', text }] }) + '\n';

describe('the connections tool calls take into a sandbox', () => {
    let gateway: Gateway;
    let sandboxes: FakeSandboxes;
    let agentUrl: string;
    let tokenSecret: string;
    const served: Socket[] = [];
    const closed = new Set<Socket>();

    /** run_command's `command` says how the stand-in executor answers. */
    const tool: Handler = (req, res) => {
        const socket = req.socket;
        served.push(socket);
        socket.once('close', () => closed.add(socket));
        const chunks: Buffer[] = [];
        req.on('data', chunk => chunks.push(chunk)).on('end', () => {
            const { arguments: args } = JSON.parse(Buffer.concat(chunks).toString()) as { arguments: { command: string } };
            res.writeHead(200, { 'content-type': 'application/x-ndjson' });
            if (args.command === 'trailing') {
                res.end(result('answered') + 'and then more\n');
            } else if (args.command === 'hang') {
                res.write(JSON.stringify({ type: 'progress', progress: 1, message: 'started' }) + '\n');
            } else {
                res.end(result(`ran ${args.command}`));
            }
        });
    };

    before(async () => {
        sandboxes = new FakeSandboxes({ tool });
        gateway = await startTestGateway(await testConfig(), { sandboxes });
        const carol = await userClient(gateway, 'carol');
        assert.equal((await carol.json('POST', '/api/workspaces', { name: 'tools' })).status, 201);
        tokenSecret = (await createToken(carol, { name: 'agent' })).secret;
        agentUrl = `${gateway.url}/mcp/tools`;
    });
    after(async () => {
        sandboxes.closeAll();
        await gateway.close();
    });

    test('consecutive calls reuse one connection the sandbox dialed, once each answer has ended', async () => {
        const agent = await connectAgent(agentUrl, tokenSecret);
        served.length = 0;
        for (let i = 0; i < 6; i++) {
            assert.equal(textOf(await agent.callTool({ name: 'run_command', arguments: { command: `call ${i}` } })), `ran call ${i}`);
        }
        assert.equal(new Set(served).size, 1, `6 calls took ${new Set(served).size} connections`);
        await agent.close();
    });

    test('an answer that goes on after its result line gives its result, and its connection is closed, not reused', async () => {
        const agent = await connectAgent(agentUrl, tokenSecret);
        await agent.callTool({ name: 'run_command', arguments: { command: 'warm' } });
        served.length = 0;
        assert.equal(textOf(await agent.callTool({ name: 'run_command', arguments: { command: 'trailing' } })), 'answered');
        assert.equal(textOf(await agent.callTool({ name: 'run_command', arguments: { command: 'next' } })), 'ran next');
        const [trailing, next] = served;
        assert.notEqual(next, trailing, 'the next call took another connection');
        await sleep(50);
        assert.ok(closed.has(trailing), 'the gateway closed the connection that sent more');
        await agent.close();
    });

    test('cancelling a call closes its connection, which is how the sandbox learns to stop the tool', async () => {
        const agent = await connectAgent(agentUrl, tokenSecret);
        served.length = 0;
        const controller = new AbortController();
        const pending = agent.callTool({ name: 'run_command', arguments: { command: 'hang' } }, undefined, { signal: controller.signal }).catch(error => error);
        while (served.length === 0) {
            await sleep(10);
        }
        controller.abort('the agent cancels');
        await pending;
        const [hanging] = served;
        for (let waited = 0; !closed.has(hanging) && waited < 2000; waited += 20) {
            await sleep(20);
        }
        assert.ok(closed.has(hanging), 'the cancelled call\'s connection was closed');
        assert.equal(textOf(await agent.callTool({ name: 'run_command', arguments: { command: 'after' } })), 'ran after');
        assert.notEqual(served.at(-1), hanging);
        await agent.close();
    });
});
