import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { IDE_USER_DIR_NAME, PINNED_EXTENSIONS_DIR, REGISTRY_RELAY_URL } from '@ide/sandbox-contract';
import { makeVsix } from '@ide/test-support';
import { parseProfiles } from '../../src/config/profiles.js';
import { ServerConfig } from '../../src/config/server-config.js';
import { Gateway } from '../../src/gateway.js';
import { inSandbox } from '../docker-shell.js';
import { Client, startTestGateway, testConfig, userAdmin, userClient } from '../helpers.js';

const HELLO = 'ide-tests.hello-command';

/** GET on the sandbox's registry relay, from inside the sandbox, as Theia's backend does. */
const relayGet = (path: string): string =>
    `/opt/ide/node -e "require('http').get('${REGISTRY_RELAY_URL}${path}',r=>{let b='';r.on('data',d=>b+=d).on('end',()=>console.log(r.statusCode,b.slice(0,2000)))}).on('error',e=>console.log('error',e.message))"`;

describe('the extension registry in a real sandbox (network none)', { timeout: 300_000 }, () => {
    let config: ServerConfig;
    let gateway: Gateway;
    let carol: Client;
    let workspaceId: string;
    const container = (): string => `ide-${config.instance}-${workspaceId}`;

    before(async () => {
        config = await testConfig({ IDE_INSTANCE: `itx${process.pid}` });
        gateway = await startTestGateway(config, {
            profiles: parseProfiles({ profiles: { default: { image: 'ide-sandbox-base:latest', memory: '1g', pids: 256, pinnedExtensions: [HELLO] } } })
        });
        const admin = await userAdmin(gateway);
        const uploaded = await fetch(`${gateway.url}/api/admin/extensions`, { method: 'POST', headers: { cookie: admin.cookie, 'content-type': 'application/octet-stream' }, body: makeVsix() });
        assert.equal(uploaded.status, 201, await uploaded.text());
        carol = await userClient(gateway, 'carol');
        workspaceId = (await carol.json<{ id: string }>('POST', '/api/workspaces', { name: 'carol-project' })).body.id;
        const opened = await carol.json('POST', `/api/workspaces/${workspaceId}/open`);
        assert.equal(opened.status, 200, JSON.stringify(opened.body));
    });

    after(async () => {
        await carol?.request('DELETE', `/api/workspaces/${workspaceId}`).catch(() => undefined);
        await gateway?.close();
    });

    test('the relay on the sandbox\'s loopback answers from the gateway\'s store; nothing but GET /api/ passes', async () => {
        const search = await inSandbox(container(), relayGet('/api/-/search?query=hello'));
        assert.match(search.out, /^200 /, search.out);
        assert.equal(JSON.parse(search.out.slice(4)).extensions[0].name, 'hello-command');
        const download = await inSandbox(container(), relayGet(`/api/ide-tests/hello-command/1.0.0/file/${HELLO}-1.0.0.vsix`));
        assert.match(download.out, /^200 PK/);
        assert.match((await inSandbox(container(), relayGet('/v1/ide/status'))).out, /^404 .*GET \/api\/\.\.\. only/);
    });

    test('a pinned extension is a read-only folder Theia loads; Theia\'s config dir is on the workspace volume, ignored by git', async () => {
        assert.equal((await inSandbox(container(), `cat ${PINNED_EXTENSIONS_DIR}/${HELLO}/package.json`)).out.includes('"hello-command"'), true);
        const write = await inSandbox(container(), `touch ${PINNED_EXTENSIONS_DIR}/${HELLO}/evil.js`);
        assert.notEqual(write.code, 0);
        assert.match(write.out, /Read-only file system/);
        assert.match((await inSandbox(container(), 'cat /proc/$(pgrep -f lib/backend/main.js | head -1)/cmdline | tr "\\0" " "')).out, new RegExp(`local-dir:${PINNED_EXTENSIONS_DIR}`));
        assert.equal((await inSandbox(container(), `cat /workspace/${IDE_USER_DIR_NAME}/.gitignore`)).out, '*');
    });
});
