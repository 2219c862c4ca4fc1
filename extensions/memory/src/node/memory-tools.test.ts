import '@theia/core/shared/reflect-metadata';
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as http from 'http';
import { AddressInfo } from 'net';
import { Container } from '@theia/core/shared/inversify';
import { publishedTool, TOOL_CALL_PATH, ToolResultLine } from '@ide/sandbox-mcp/lib/common/tool-definitions';
import sandboxMcpBackendModule from '@ide/sandbox-mcp/lib/node/sandbox-mcp-backend-module';
import { SandboxTool } from '@ide/sandbox-mcp/lib/node/sandbox-tool';
import { ToolCallEndpoint } from '@ide/sandbox-mcp/lib/node/tool-call-endpoint';
import { ToolExecutor } from '@ide/sandbox-mcp/lib/node/tool-executor';
import { MEMORY_TOOLS } from '../common/memory-tool-definitions';
import { MemoryEntry, MemorySearchHit } from '../common/memory-types';
import memoryBackendModule from './memory-backend-module';
import { MemoryServiceImpl } from './memory-service-impl';
import { handWrittenEntry, TemporaryWorkspace, temporaryWorkspace } from '../test-helpers/memory';

describe('memory MCP tools', () => {
    let workspace: TemporaryWorkspace;
    let container: Container;
    let call: (tool: string, args: Record<string, unknown>) => Promise<ToolResultLine>;
    const textOf = (result: ToolResultLine) => result.content.map(content => content.text).join('');

    before(async () => {
        workspace = await temporaryWorkspace();
        await workspace.write('README.md', '# Project\n\n## Setup\n\nInstall the capybara toolchain.\n');
        await workspace.write('.ide/memory/broken-ffffff.md', '---\nkind: [\n---\n');
        process.env.IDE_WORKSPACE_DIR = workspace.root;
        container = new Container();
        container.load(sandboxMcpBackendModule, memoryBackendModule);
        const executor = container.get(ToolExecutor);
        const signal = new AbortController().signal;
        call = (tool, args) => executor.execute(tool, args, { signal, reportProgress: () => undefined });
    });
    after(async () => {
        container.get(MemoryServiceImpl).onStop();
        await workspace.remove();
    });

    describe('definitions', () => {
        const tools = () => new Map(container.getAll<SandboxTool>(SandboxTool).map(tool => [tool.definition.name, tool]));

        it('has one executor tool per published definition, next to the sandbox tools', () => {
            const names = [...tools().keys()];
            for (const definition of MEMORY_TOOLS) {
                assert.equal(names.filter(name => name === definition.name).length, 1, definition.name);
            }
            assert.ok(names.includes('read_text_file'));
        });

        for (const definition of MEMORY_TOOLS) {
            it(`${definition.name}: the executor validates with the definition agents see, every property is described`, () => {
                assert.equal(tools().get(definition.name)!.definition, definition);
                for (const [name, property] of Object.entries(publishedTool(definition).inputSchema.properties)) {
                    assert.ok((property as { description?: string }).description, `${definition.name}.${name} has no description`);
                }
            });
        }

        it('annotations are honest: search reads only, update and delete destroy', () => {
            const annotations = Object.fromEntries(MEMORY_TOOLS.map(tool => [tool.name, tool.annotations]));
            assert.deepEqual(annotations.memory_search, { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false });
            assert.equal(annotations.memory_add.readOnlyHint, false);
            assert.equal(annotations.memory_add.destructiveHint, false);
            assert.equal(annotations.memory_update.destructiveHint, true);
            assert.equal(annotations.memory_delete.destructiveHint, true);
        });

        it('the definitions file loads nothing but zod and memory\'s common rules (the gateway requires it directly)', () => {
            const source = require('fs').readFileSync(require.resolve('../common/memory-tool-definitions'), 'utf8') as string;
            assert.deepEqual(source.match(/require\([^)]*\)/g), ['require("zod")', 'require("./memory-schemas")']);
        });
    });

    it('memory_add records an agent entry; memory_search finds it with a marked snippet and structured hits', async () => {
        const added = await call('memory_add', { kind: 'fact', title: 'CI runs on two cores', body: 'The build machine is a meerkat.', tags: ['ci'], links: [{ path: 'README.md', line: 3 }] });
        assert.equal(added.isError, false, textOf(added));
        const entry = added.structuredContent!.entry as MemoryEntry;
        assert.deepEqual(entry.author, { kind: 'agent', name: 'mcp-agent' });
        assert.match(textOf(added), new RegExp(`^added fact "CI runs on two cores"\\nid: ${entry.id}\\n`));
        assert.match(await workspace.read(`.ide/memory/${entry.id}.md`), /author:\n {2}kind: agent\n/);

        const found = await call('memory_search', { query: 'meerkat' });
        assert.equal(found.isError, false);
        const hits = found.structuredContent!.hits as MemorySearchHit[];
        assert.deepEqual(hits.map(hit => [hit.id, hit.snippet]), [[entry.id, 'The build machine is a «meerkat».']]);
        assert.match(textOf(found), /^1 hit for "meerkat":\n1\. \[fact\] CI runs on two cores \(id [a-z0-9-]+, \.ide\/memory\/[a-z0-9-]+\.md; score [\d.]+\)\n {3}tags: ci\n {3}links: README\.md:3\n {3}The build machine is a «meerkat»\./);
        assert.match(textOf(found), /1 file\(s\) could not be read and were skipped:\n- \.ide\/memory\/broken-ffffff\.md: invalid YAML front matter/);
        assert.deepEqual(found.structuredContent!.problems, [{ file: '.ide/memory/broken-ffffff.md', reason: (found.structuredContent!.problems as { reason: string }[])[0].reason }]);
    });

    it('memory_search finds doc sections and filters by kind and tag', async () => {
        const docs = await call('memory_search', { query: 'capybara', kinds: ['doc'] });
        assert.deepEqual((docs.structuredContent!.hits as MemorySearchHit[]).map(hit => `${hit.path}:${hit.line}`), ['README.md:3']);
        assert.match(textOf(docs), /\[doc\] Setup \(README\.md:3; score/);
        const none = await call('memory_search', { query: 'capybara', kinds: ['decision'] });
        assert.equal(textOf(none).split('\n')[0], 'no hits for "capybara"');
        const tagged = await call('memory_search', { query: '', tags: ['ci'] });
        assert.match(textOf(tagged), /^1 hit \(most recently updated entries\):/);
    });

    it('memory_update and memory_delete change and remove an entry; unknown ids are errors', async () => {
        const { entry } = (await call('memory_add', { kind: 'note', title: 'Temporary', body: 'aardvark' })).structuredContent as { entry: MemoryEntry };
        const updated = await call('memory_update', { id: entry.id, body: 'armadillo', tags: ['zoo'] });
        assert.equal(updated.isError, false, textOf(updated));
        assert.match(textOf(updated), new RegExp(`^updated body, tags of ${entry.id}\\n`));
        assert.equal((await call('memory_search', { query: 'aardvark' })).structuredContent!.total, 0);
        assert.equal((await call('memory_search', { query: 'armadillo' })).structuredContent!.total, 1);

        const deleted = await call('memory_delete', { id: entry.id });
        assert.equal(textOf(deleted), `deleted ${entry.id} (note "Temporary"), file .ide/memory/${entry.id}.md`);
        assert.equal((await call('memory_search', { query: 'armadillo' })).structuredContent!.total, 0);

        for (const [tool, args] of [['memory_delete', { id: entry.id }], ['memory_update', { id: entry.id, title: 'x' }]] as const) {
            const result = await call(tool, args);
            assert.equal(result.isError, true);
            assert.equal(textOf(result), `no memory entry with id "${entry.id}"`);
        }
    });

    it('refuses bad input with the limit or rule in the message', async () => {
        const cases: Array<[string, Record<string, unknown>, RegExp]> = [
            ['memory_add', { kind: 'note', title: '' }, /^invalid arguments for memory_add: title: must not be empty$/],
            ['memory_add', { kind: 'note', title: 'Big', body: 'x'.repeat(10 * 1024 * 1024) }, /body: is 10485760 bytes of UTF-8; at most 262144 bytes \(256 KiB\) are allowed/],
            ['memory_add', { kind: 'note', title: 'T', tags: ['Bad Tag'] }, /tags\[0\]: "Bad Tag" is not a valid tag/],
            ['memory_add', { kind: 'rumour', title: 'T' }, /kind: must be one of decision, note, fact, convention \(got "rumour"\)/],
            ['memory_add', { kind: 'note', title: 'T', links: [{ path: '../../etc/passwd' }] }, /^invalid memory entry: links\[0\]\.path "\.\.\/\.\.\/etc\/passwd" is outside the workspace/],
            ['memory_update', { id: 'some-id-aaaaaa' }, /nothing to change/],
            ['memory_delete', { id: '../escape' }, /id: "\.\.\/escape" is not a memory entry id/],
            ['memory_search', { query: 'x', limit: 0 }, /limit/]
        ];
        for (const [tool, args, message] of cases) {
            const result = await call(tool, args);
            assert.equal(result.isError, true, `${tool} ${JSON.stringify(args).slice(0, 80)}`);
            assert.match(textOf(result), message);
        }
    });

    it('answers over the sandbox tool-call endpoint like the gateway calls it', async () => {
        const endpoint = container.get(ToolCallEndpoint);
        const server = http.createServer((req, res) => void endpoint.handle(req, res));
        await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
        try {
            const body = await new Promise<string>((resolve, reject) => {
                const request = http.request({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, method: 'POST', path: TOOL_CALL_PATH, headers: { 'content-type': 'application/json' } }, response => {
                    let text = '';
                    response.setEncoding('utf8').on('data', chunk => text += chunk).on('end', () => resolve(text));
                });
                request.on('error', reject);
                request.end(JSON.stringify({ tool: 'memory_search', arguments: { query: 'capybara' } }));
            });
            const result = JSON.parse(body.trim().split('\n').at(-1)!) as ToolResultLine;
            assert.equal(result.type, 'result');
            assert.equal(result.isError, false);
            assert.match(result.content[0].text, /capybara/);
        } finally {
            server.closeAllConnections();
            await new Promise(resolve => server.close(resolve));
        }
    });

    it('a hand-written entry with tags is searchable through the tool', async () => {
        await workspace.write('.ide/memory/hand-gggggg.md', handWrittenEntry({ title: 'Hand written', tags: ['manual'], body: 'okapi' }));
        await container.get(MemoryServiceImpl).memory.refresh(['.ide/memory/hand-gggggg.md']);
        const result = await call('memory_search', { query: 'okapi', tags: ['manual'] });
        assert.equal(result.structuredContent!.total, 1);
    });
});
