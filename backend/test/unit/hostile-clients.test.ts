import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { Gateway } from '../../src/gateway.js';
import { FakeSandboxes } from '../fake-sandboxes.js';
import { Client, IdeClient, startTestGateway, testConfig, userClient } from '../helpers.js';

/**
 * Anonymous clients sending whatever bytes they like, over HTTP and as WebSocket upgrades:
 * thousands of generated requests, each answered (any status) or closed, and the gateway
 * still serving a signed-in owner afterwards. An exception in any handler would end this
 * process, so the test fails if one escapes.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 2500);

/** Sends one raw request; resolves with the status of the answer, or 0 when the gateway just closed. */
function rawRequest(port: number, head: string): Promise<number> {
    return new Promise((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        let received = '';
        const timer = setTimeout(() => { socket.destroy(); reject(new Error(`no answer to ${JSON.stringify(head.slice(0, 200))}`)); }, 5000);
        socket.on('data', chunk => {
            received += chunk.toString('latin1');
            const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
            if (match) {
                clearTimeout(timer);
                socket.destroy();
                resolve(Number(match[1]));
            }
        });
        socket.on('error', () => undefined);
        socket.on('close', () => { clearTimeout(timer); resolve(0); });
        socket.write(head, 'latin1');
    });
}

const pieces = ['/', '/w/', 'w', '%', '%E0%A4%A', '%ZZ', '%00', '%2e%2e', '%2F', '..', '.', '.gateway', '.ide', 'enter', 'open', 'dashboard',
    '?', '#', '&', '=', 'ticket=', 'next=', '\\', '~', 'é', '\u2028', '\u0000', ';', '*', 'api', 'mcp', 'admin', 'login', 'socket.io', 'services',
    'abcdefghij12', 'AAAAAAAAAAAA', ' ', '\t', 'http://', '//', '@', ':'];

describe('hostile anonymous clients', { timeout: 600_000 }, () => {
    let gateway: Gateway;
    let sandboxes: FakeSandboxes;
    let owner: Client;
    let workspaceId: string;
    let port: number;

    before(async () => {
        sandboxes = new FakeSandboxes();
        gateway = await startTestGateway(await testConfig({ IDE_LOGIN_ATTEMPTS_PER_15MIN: '1000', IDE_LOGIN_ATTEMPTS_PER_ADDRESS_PER_15MIN: '100000' }), { sandboxes });
        port = Number(new URL(gateway.url).port);
        owner = await userClient(gateway, 'owner');
        workspaceId = (await owner.json<{ id: string }>('POST', '/api/workspaces', { name: 'target' })).body.id;
    });
    after(async () => {
        sandboxes.closeAll();
        await gateway.close();
    });

    const target = fc.oneof(
        fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 12 }).map(parts => parts.join('')),
        fc.string({ maxLength: 60 }).map(text => `/${text}`),
        fc.constantFrom(`/w/%E0%A4%A/`, `/w/${'x'.repeat(5000)}/`, '*', 'http://evil.example/w/abc/', '/w/abcdefghij12/.gateway/enter?ticket=%E0')
    );
    const host = fc.oneof(
        fc.constant(`127.0.0.1:${0}`),
        fc.constantFrom('localhost', 'abcdefghij12.localhost', `${'a'.repeat(300)}.localhost`, '', ' ', '[::1]', 'evil.example', '%E0.localhost'),
        fc.string({ maxLength: 40 })
    );
    const header = fc.tuple(
        fc.constantFrom('Origin', 'Cookie', 'Accept', 'Content-Type', 'Content-Length', 'Authorization', 'Transfer-Encoding', 'Sec-WebSocket-Version', 'X-Forwarded-Proto', 'Mcp-Session-Id'),
        fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('ide_ws=%E0%A4%A', 'ide_session=;;;', 'chunked', '-1', '99999999999', 'null', 'http://abcdefghij12.localhost'))
    );
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE', 'BREW', 'G\u00e9T');

    function head(requestMethod: string, requestTarget: string, requestHost: string, headers: [string, string][], upgrade: boolean): string {
        const lines = [`${requestMethod} ${requestTarget} HTTP/1.1`, `Host: ${requestHost.replace('127.0.0.1:0', `127.0.0.1:${port}`)}`];
        for (const [name, value] of headers) {
            lines.push(`${name}: ${value.replace(/[\r\n]/g, '')}`);
        }
        if (upgrade) {
            lines.push('Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==');
        } else {
            lines.push('Connection: close');
        }
        return `${lines.join('\r\n')}\r\n\r\n`;
    }

    test('generated HTTP requests are each answered or closed, never a crash', async () => {
        await fc.assert(fc.asyncProperty(method, target, host, fc.array(header, { maxLength: 4 }), async (requestMethod, requestTarget, requestHost, headers) => {
            const status = await rawRequest(port, head(requestMethod, requestTarget, requestHost, headers, false));
            assert.ok(status === 0 || (status >= 200 && status < 600), `status ${status}`);
            assert.notEqual(status, 500, 'no unexpected error');
        }), { numRuns: RUNS });
    });

    test('generated WebSocket upgrades are each refused or relayed, never a crash', async () => {
        await fc.assert(fc.asyncProperty(target, host, fc.array(header, { maxLength: 4 }), async (requestTarget, requestHost, headers) => {
            const status = await rawRequest(port, head('GET', requestTarget, requestHost, headers, true));
            assert.ok(status === 0 || (status >= 400 && status < 600), `an anonymous upgrade got ${status}`);
            assert.notEqual(status, 500, 'no unexpected error');
        }), { numRuns: RUNS });
    });

    test('the malformed escape that once stopped the gateway is a clean 4xx, over HTTP and upgrade', async () => {
        for (const upgrade of [false, true]) {
            for (const path of ['/w/%E0%A4%A/', `/w/${workspaceId}/%E0%A4%A`]) {
                const status = await rawRequest(port, head('GET', path, `127.0.0.1:${port}`, [], upgrade));
                assert.ok(status >= 400 && status < 500, `${path} (upgrade: ${upgrade}): ${status}`);
            }
            const onWorkspaceOrigin = await rawRequest(port, head('GET', '/%E0%A4%A', `${workspaceId}.localhost:${port}`, [['Cookie', 'ide_ws=%E0%A4%A']], upgrade));
            assert.ok(onWorkspaceOrigin >= 300 && onWorkspaceOrigin < 500, String(onWorkspaceOrigin));
        }
    });

    test('afterwards the gateway serves its owner as before: pages, API, the IDE and its WebSocket', async () => {
        assert.equal((await fetch(`${gateway.url}/healthz`)).status, 200);
        assert.equal((await owner.request('GET', '/api/me')).status, 200);
        const ide = await IdeClient.enter(owner, workspaceId);
        assert.equal((await ide.request('GET', '/still-here')).status, 200);
        const socket = await ide.webSocket('/services');
        const reply = new Promise<string>(resolve => socket.once('message', data => resolve(String(data))));
        socket.send('alive');
        assert.equal(await reply, 'echo:alive');
        socket.close();
    });
});
