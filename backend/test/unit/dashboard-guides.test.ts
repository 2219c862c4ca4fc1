import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseProfiles } from '../../src/config/profiles.js';
import { Gateway } from '../../src/gateway.js';
import { mcpClientCommands } from '../../src/http/pages/mcp-client-commands.js';
import { workspaceStatusPage } from '../../src/http/pages/workspace-status-page.js';
import { imageBuildHint, ImagePresence } from '../../src/sandbox/image-presence.js';
import { FakeSandboxes } from '../fake-sandboxes.js';
import { Client, startTestGateway, tempDir, testConfig, userAdmin, userClient } from '../helpers.js';
import { connectAgent, createToken } from '../mcp-agent.js';

const MISSING_IMAGE = 'ide-sandbox-node-python:latest';
const PROFILES_YAML = `defaultProfile: default
profiles:
  default:
    description: Debian & friends <for everyone>
    image: ide-sandbox-base:latest
  gpu:
    description: CUDA toolkit
    image: ${MISSING_IMAGE}
`;

/** The inner HTML of the element with this id (first match; enough for the flat forms of these pages). */
function elementById(html: string, id: string): string {
    const start = html.indexOf(`id="${id}"`);
    assert.ok(start >= 0, `no element with id ${id}`);
    return html.slice(start, html.indexOf('</form>', start));
}

describe('a dashboard and admin page that guide', () => {
    let gateway: Gateway;
    let sandboxes: FakeSandboxes;
    let admin: Client;
    let alice: Client;
    let bob: Client;
    let profilesPath: string;

    before(async () => {
        sandboxes = new FakeSandboxes({ missingImages: [MISSING_IMAGE] });
        profilesPath = join(await tempDir('profiles'), 'profiles.yaml');
        await writeFile(profilesPath, PROFILES_YAML);
        gateway = await startTestGateway(await testConfig({ IDE_PROFILES: profilesPath }), {
            sandboxes,
            profiles: parseProfiles({ defaultProfile: 'default', profiles: { default: { image: 'ide-sandbox-base:latest', description: 'Debian & friends <for everyone>' }, gpu: { image: MISSING_IMAGE, description: 'CUDA toolkit' } } })
        });
        admin = await userAdmin(gateway);
        alice = await userClient(gateway, 'alice');
        bob = await userClient(gateway, 'bob');
    });
    after(async () => {
        sandboxes.closeAll();
        await gateway.close();
    });

    test('a refused create form comes back inline with what was typed; an API client still gets JSON', async () => {
        const badName = await alice.form('/api/workspaces', { name: 'no/slashes <b>', profile: 'default' });
        assert.equal(badName.status, 400, 'the status of the refusal, no redirect');
        assert.equal(badName.headers.get('location'), null);
        const html = await badName.text();
        const form = elementById(html, 'create-workspace');
        assert.match(form, /id="create-workspace-error"[^>]*>[^<]*must not contain/);
        assert.match(form, /name="name"[^>]*value="no\/slashes &lt;b&gt;"/, 'the name kept, escaped');
        assert.match(html, /<h1>Workspaces<\/h1>/, 'the dashboard, not an error page');

        const json = await alice.json<{ error: string }>('POST', '/api/workspaces', { name: 'no/slashes' });
        assert.equal(json.status, 400);
        assert.match(json.body.error, /must not contain/);
    });

    test('quota messages are grammatical, say what to do, and keep the form\'s input', async () => {
        const aliceId = (await admin.json<{ users: { id: string; username: string }[] }>('GET', '/api/admin/users')).body.users.find(user => user.username === 'alice')!.id;
        assert.equal((await admin.json('PATCH', `/api/admin/users/${aliceId}`, { quota: { maxWorkspaces: 1 } })).status, 200);
        assert.equal((await alice.json('POST', '/api/workspaces', { name: 'first' })).status, 201);
        const refused = await alice.form('/api/workspaces', { name: 'second-one', profile: 'default' });
        assert.equal(refused.status, 409);
        const form = elementById(await refused.text(), 'create-workspace');
        assert.match(form, /reached your limit of 1 workspace: delete one you no longer need, or ask an admin to raise your limit/);
        assert.match(form, /value="second-one"/);
        const json = await alice.json<{ error: string }>('POST', '/api/workspaces', { name: 'second-one' });
        assert.equal(json.status, 409);
        assert.match(json.body.error, /limit of 1 workspace:/);
        await admin.json('PATCH', `/api/admin/users/${aliceId}`, { quota: { maxWorkspaces: 3 } });
        await alice.json('POST', '/api/workspaces', { name: 'second' });
        await alice.json('POST', '/api/workspaces', { name: 'third' });
        const three = await alice.json<{ error: string }>('POST', '/api/workspaces', { name: 'fourth' });
        assert.match(three.body.error, /limit of 3 workspaces:/);
    });

    test('a profile whose image is missing is hidden from users, refused by the API, flagged for admins with how to build it', async () => {
        const dashboard = await (await alice.request('GET', '/', undefined, { accept: 'text/html' })).text();
        const createForm = elementById(dashboard, 'create-workspace');
        assert.match(createForm, /<option value="default" selected>default — Debian &amp; friends &lt;for everyone&gt;<\/option>/, 'the description shown, escaped');
        assert.doesNotMatch(createForm, /gpu/);
        const refused = await bob.json<{ error: string }>('POST', '/api/workspaces', { name: 'cuda', profile: 'gpu' });
        assert.equal(refused.status, 409);
        assert.match(refused.body.error, /profile "gpu" cannot be started now: its image is missing/);

        const adminPage = await (await admin.request('GET', '/admin', undefined, { accept: 'text/html' })).text();
        assert.match(adminPage, /data-missing-image="gpu"[^>]*>Users cannot start profile <strong>gpu<\/strong>: its image <code>ide-sandbox-node-python:latest<\/code> is missing/);
        assert.match(adminPage, /bash sandboxes\/scripts\/build-image\.sh node-python/);
        assert.doesNotMatch(adminPage, /data-missing-image="default"/);
    });

    test('an invalid profiles file comes back in the admin\'s editor with the error; the file is untouched', async () => {
        const edit = `${PROFILES_YAML}  broken:\n    image: [unclosed\n`;
        const refused = await admin.form('/api/admin/profiles', { yaml: edit });
        assert.equal(refused.status, 400);
        const html = await refused.text();
        assert.match(html, /<h1>Admin<\/h1>/);
        const form = elementById(html, 'profiles-file');
        assert.match(form, /id="profiles-file-error"[^>]*>the profiles are not valid YAML/);
        assert.ok(form.includes('image: [unclosed'), 'the admin\'s edit is kept in the textarea');
        assert.equal(await readFile(profilesPath, 'utf8'), PROFILES_YAML);

        const unknownField = await admin.form('/api/admin/profiles', { yaml: 'profiles:\n  default:\n    image: x\n    colour: red\n' });
        assert.equal(unknownField.status, 400);
        assert.match(elementById(await unknownField.text(), 'profiles-file'), /colour/);
        const json = await admin.json<{ error: string }>('PUT', '/api/admin/profiles', { yaml: edit });
        assert.equal(json.status, 400);
        assert.match(json.body.error, /not valid YAML/);
    });

    test('a refused admin form on one user\'s row shows the error there, with the typed values', async () => {
        const users = (await admin.json<{ users: { id: string; username: string }[] }>('GET', '/api/admin/users')).body.users;
        const bobId = users.find(user => user.username === 'bob')!.id;
        const refused = await admin.form(`/api/admin/users/${bobId}`, { maxWorkspaces: '5000', maxRunningSandboxes: '2', groups: 'team' });
        assert.equal(refused.status, 400);
        const form = elementById(await refused.text(), `user-${bobId}`);
        assert.match(form, /id="user-[^"]+-error"[^>]*>[^<]*quota\.maxWorkspaces/);
        assert.match(form, /name="maxWorkspaces"[^>]*value="5000"/);
        assert.match(form, /name="groups"[^>]*value="team"/);
        const duplicate = await admin.form('/api/admin/users', { username: 'bob', password: 'a-long-password' });
        assert.equal(duplicate.status, 409);
        const createForm = elementById(await duplicate.text(), 'create-user');
        assert.match(createForm, /name="username"[^>]*value="bob"/);
        assert.doesNotMatch(createForm, /a-long-password/, 'a password is never sent back');
    });

    test('a new token is shown once with copy buttons and ready-made client commands', async () => {
        const workspaceId = (await bob.json<{ id: string }>('POST', '/api/workspaces', { name: 'bobs-app' })).body.id;
        const created = await bob.form('/api/tokens', { name: 'claude code', workspaceId });
        assert.equal(created.status, 200);
        const html = await created.text();
        const secret = /<code id="new-token">(ide_pat_[\w-]+)<\/code>/.exec(html)?.[1];
        assert.ok(secret, 'the secret is on the page');
        assert.match(html, /data-copy="new-token"/);
        assert.match(html, /<script src="\/assets\/page\.js" defer><\/script>/);
        const mcpUrl = `${gateway.url}/mcp/bobs-app`;
        for (const command of mcpClientCommands(mcpUrl, 'bobs-app', secret)) {
            const escaped = command.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
            assert.ok(html.includes(`<pre id="command-${command.id}">${escaped}</pre>`), `${command.client} is shown`);
            assert.ok(html.includes(`data-copy="command-${command.id}"`));
        }
        assert.ok(html.includes(`claude mcp add --transport http bobs-app ${mcpUrl} --header &quot;Authorization: Bearer ${secret}&quot;`));
        assert.ok(html.includes(`npx @modelcontextprotocol/inspector --cli ${mcpUrl} --transport http`));
        const again = await (await bob.request('GET', '/', undefined, { accept: 'text/html' })).text();
        assert.ok(!again.includes(secret), 'never shown again');

        const script = await fetch(`${gateway.url}/assets/page.js`);
        assert.equal(script.status, 200);
        assert.match(script.headers.get('content-type') ?? '', /javascript/);
        assert.match(await script.text(), /navigator\.clipboard\.writeText/);

        const badToken = await bob.form('/api/tokens', { name: 'no/slash', expiresInDays: '9', readOnly: 'on' });
        assert.equal(badToken.status, 400);
        const tokenForm = elementById(await badToken.text(), 'create-token');
        assert.match(tokenForm, /id="create-token-error"[^>]*>token name must be/);
        assert.match(tokenForm, /name="name"[^>]*value="no\/slash"/);
        assert.match(tokenForm, /name="readOnly" checked/);
        assert.match(tokenForm, /name="expiresInDays"[^>]*value="9"/);
    });

    test('deleting a workspace revokes its tokens: gone from the list, refused with 401', async () => {
        const workspaceId = (await bob.json<{ id: string }>('POST', '/api/workspaces', { name: 'short-lived' })).body.id;
        const scoped = await createToken(bob, { name: 'scoped', workspaceId });
        const everywhere = await createToken(bob, { name: 'everywhere' });
        const agent = await connectAgent(`${gateway.url}/mcp/short-lived`, scoped.secret);
        await agent.close();
        assert.equal((await bob.json('DELETE', `/api/workspaces/${workspaceId}`)).status, 200);
        const listed = (await bob.json<{ tokens: { id: string }[] }>('GET', '/api/tokens')).body.tokens.map(token => token.id);
        assert.ok(!listed.includes(scoped.id), 'the scoped token is not listed');
        assert.ok(listed.includes(everywhere.id), 'a token for all workspaces stays');
        const dashboard = await (await bob.request('GET', '/', undefined, { accept: 'text/html' })).text();
        assert.ok(!dashboard.includes(`data-token="${scoped.id}"`));
        const refused = await fetch(`${gateway.url}/mcp`, {
            method: 'POST',
            headers: { authorization: `Bearer ${scoped.secret}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
            body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } })
        });
        assert.equal(refused.status, 401);
        assert.match(refused.headers.get('www-authenticate') ?? '', /Bearer/);
    });

    test('the admin lists every user\'s workspaces and audit entries with filters, and stops or deletes any of them', async () => {
        const stoppedOne = (await alice.json<{ workspaces: { id: string; name: string }[] }>('GET', '/api/workspaces')).body.workspaces.find(workspace => workspace.name === 'first')!.id;
        const bobsApp = (await bob.json<{ workspaces: { id: string; name: string }[] }>('GET', '/api/workspaces')).body.workspaces.find(workspace => workspace.name === 'bobs-app')!.id;
        const token = await createToken(bob, { name: 'auditor', workspaceId: bobsApp });
        const agent = await connectAgent(`${gateway.url}/mcp/bobs-app`, token.secret);
        await agent.callTool({ name: 'list_directory', arguments: { path: '.' } });
        await agent.callTool({ name: 'read_text_file', arguments: { path: 'README.md' } });
        await agent.close();

        const listed = (await admin.json<{ workspaces: { workspaceId: string; owner: string; state: string; lastActivityAt?: string }[] }>('GET', '/api/admin/workspaces')).body.workspaces;
        const neverStarted = listed.find(view => view.workspaceId === stoppedOne);
        assert.deepEqual({ owner: neverStarted?.owner, state: neverStarted?.state }, { owner: 'alice', state: 'absent' }, 'a never-started workspace of another user is listed too');
        const running = listed.find(view => view.workspaceId === bobsApp)!;
        assert.equal(running.owner, 'bob');
        assert.equal(running.state, 'running', 'the agent\'s call started it');
        assert.ok(running.lastActivityAt);

        const page = await (await admin.request('GET', '/admin?tool=list_directory&user=bob', undefined, { accept: 'text/html' })).text();
        assert.match(page, new RegExp(`<tr data-workspace="${stoppedOne}">`));
        assert.match(page, new RegExp(`<tr data-workspace="${bobsApp}">`));
        const auditCard = page.slice(page.indexOf('id="audit"'), page.indexOf('id="models"'));
        assert.match(auditCard, /data-audit-tool="list_directory"/);
        assert.doesNotMatch(auditCard, /data-audit-tool="read_text_file"/, 'filtered by tool');
        assert.match(auditCard, /name="tool"[^>]*value="list_directory"/, 'the filter in force is shown');
        assert.match(auditCard, /<td>bobs-app<\/td>/, 'workspaces by name');

        const api = await admin.json<{ entries: { tool: string; username: string }[] }>('GET', '/api/admin/audit?workspace=bobs-app&outcome=ok');
        assert.deepEqual(api.body.entries.map(entry => entry.tool).sort(), ['list_directory', 'read_text_file']);
        assert.equal((await admin.json<{ entries: unknown[] }>('GET', '/api/admin/audit?user=alice')).body.entries.length, 0);
        const badFilter = await admin.json<{ error: string }>('GET', '/api/admin/audit?outcome=maybe');
        assert.equal(badFilter.status, 400);
        assert.match(badFilter.body.error, /outcome one of ok, error, refused, cancelled/);
        const badPage = await admin.request('GET', `/admin?tool=${'x'.repeat(65)}`, undefined, { accept: 'text/html' });
        assert.equal(badPage.status, 400);
        assert.match(elementById(await badPage.text(), 'audit-filter'), /id="audit-error"/);
        assert.equal((await alice.json('GET', '/api/admin/audit')).status, 403);
        assert.equal((await alice.json('GET', '/api/admin/workspaces')).status, 403);

        assert.equal((await alice.json('POST', `/api/admin/workspaces/${bobsApp}/stop`)).status, 403, 'only admins');
        const stop = await admin.form(`/api/admin/workspaces/${bobsApp}/stop`, {});
        assert.equal(stop.status, 303);
        assert.equal(stop.headers.get('location'), `/admin?notice=${encodeURIComponent('Stopped bobs-app')}`);
        assert.ok(sandboxes.calls.includes(`stop ${bobsApp}`));
        const status = await bob.json<{ state: string; stoppedBecause?: string }>('GET', `/api/workspaces/${bobsApp}/status`);
        assert.match(String(status.body.stoppedBecause), /stopped by admin admin/);

        const removed = await admin.json('DELETE', `/api/admin/workspaces/${bobsApp}`);
        assert.equal(removed.status, 200);
        assert.equal((await bob.json('GET', `/api/workspaces/${bobsApp}`)).status, 404);
        assert.ok(!(await bob.json<{ tokens: { id: string }[] }>('GET', '/api/tokens')).body.tokens.some(listedToken => listedToken.id === token.id), 'its tokens go with it');
        assert.equal((await admin.json('DELETE', `/api/admin/workspaces/${bobsApp}`)).status, 404);
        const deletedByForm = await admin.form(`/api/admin/workspaces/${stoppedOne}/delete`, {});
        assert.equal(deletedByForm.status, 303);
        assert.equal((await alice.json('GET', `/api/workspaces/${stoppedOne}`)).status, 404);
    });

    test('every input of the login, dashboard and admin pages has a label', async () => {
        const pages = [
            await (await fetch(`${gateway.url}/login`)).text(),
            await (await bob.request('GET', '/', undefined, { accept: 'text/html' })).text(),
            await (await admin.request('GET', '/admin', undefined, { accept: 'text/html' })).text()
        ];
        for (const html of pages) {
            // An input is labelled when it sits inside a <label> or has an aria-label; hidden ones need none.
            const unlabelled = [...html.matchAll(/<(input|select|textarea)\b[^>]*>/g)].filter(match => {
                if (/type="hidden"/.test(match[0]) || /aria-label="/.test(match[0])) {
                    return false;
                }
                const before = html.slice(0, match.index);
                return before.lastIndexOf('<label') <= before.lastIndexOf('</label>');
            });
            assert.deepEqual(unlabelled.map(match => match[0]), []);
        }
    });

    test('no page runs inline script but the status page\'s, allowed by its hash', async () => {
        const dashboard = await alice.request('GET', '/', undefined, { accept: 'text/html' });
        const policy = dashboard.headers.get('content-security-policy') ?? '';
        const scriptSrc = /script-src ([^;]*)/.exec(policy)?.[1] ?? '';
        assert.doesNotMatch(scriptSrc, /unsafe-inline/);
        assert.doesNotMatch(await dashboard.text(), /<script>|\son(submit|click)=/);
        const html = workspaceStatusPage('a </script> name', { state: 'stopped', stoppedBecause: '</script><script>alert(1)' }, { status: '/s', open: '/o', dashboard: '/d' });
        const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(match => match[1]);
        assert.equal(inline.length, 1, 'the status page has its one script; its data cannot end the JSON block');
        assert.ok(policy.includes(`'sha256-${createHash('sha256').update(inline[0]).digest('base64')}'`), 'the policy allows it by its hash');
        assert.match(html, /<script type="application\/json" id="workspace-status-data">\{"urls":/);
    });
});

test('image presence is asked at most every few seconds, and "cannot tell" when the engine fails', async () => {
    let now = 0;
    let asked = 0;
    let answer: () => Promise<boolean> = async () => false;
    const sandboxes = Object.assign(new FakeSandboxes(), { hasImage: () => { asked++; return answer(); } });
    const images = new ImagePresence(sandboxes, () => now);
    assert.equal(await images.has('x:1'), false);
    assert.equal(await images.has('x:1'), false);
    assert.equal(asked, 1, 'remembered');
    now += 6_000;
    answer = async () => { throw new Error('engine down'); };
    assert.equal(await images.has('x:1'), undefined, 'offered: a start will say what is wrong');
    assert.equal(asked, 2);
    assert.match(imageBuildHint('ide-sandbox-base:latest'), /build-image\.sh base/);
    assert.match(imageBuildHint('registry.example/team/cuda:12'), /docker pull registry\.example\/team\/cuda:12/);
});
