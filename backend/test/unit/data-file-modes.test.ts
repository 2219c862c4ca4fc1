import assert from 'node:assert/strict';
import { chmod, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { AuditLog, ToolCallAudit } from '../../src/audit/audit-log.js';
import { UsageLedger } from '../../src/llm/usage-ledger.js';
import { Store } from '../../src/store/store.js';
import { Client, startTestGateway, tempDir, testConfig, userClient } from '../helpers.js';
import { FakeSandboxes } from '../fake-sandboxes.js';

const modeOf = async (path: string): Promise<string> => ((await stat(path)).mode & 0o777).toString(8);
const LOGS = ['audit.jsonl', 'llm-usage.jsonl', 'tasks.jsonl'];

test('a new data dir is 0700 and gateway.json 0600, also after writes', async () => {
    const dataDir = join(await tempDir('modes'), 'nested', 'data');
    const gateway = await startTestGateway(await testConfig({ IDE_DATA_DIR: dataDir }), { sandboxes: new FakeSandboxes() });
    try {
        assert.equal(await modeOf(dataDir), '700');
        assert.equal(await modeOf(join(dataDir, 'gateway.json')), '600');
        await userClient(gateway, 'alice');
        assert.equal(await modeOf(join(dataDir, 'gateway.json')), '600');
        assert.deepEqual((await readdir(dataDir)).filter(name => name.endsWith('.tmp')), [], 'no temporary file is left behind');
    } finally {
        await gateway.close();
    }
});

test('files an older version left readable by others are tightened when the gateway starts', async () => {
    const dataDir = await tempDir('old-modes');
    const first = await startTestGateway(await testConfig({ IDE_DATA_DIR: dataDir }), { sandboxes: new FakeSandboxes() });
    await first.close();
    await chmod(dataDir, 0o755);
    await chmod(join(dataDir, 'gateway.json'), 0o644);
    for (const log of LOGS) {
        await writeFile(join(dataDir, log), '', { mode: 0o644 });
    }
    await writeFile(join(dataDir, '.gateway.json.tmp'), '{"secrets":"of a crashed write"}', { mode: 0o644 });

    const gateway = await startTestGateway(await testConfig({ IDE_DATA_DIR: dataDir }), { sandboxes: new FakeSandboxes() });
    try {
        const alice = await userClient(gateway, 'alice');
        // Reading the audit and the task records waits for their files to be opened.
        assert.equal((await alice.request('GET', '/api/audit')).status, 200);
        assert.equal((await alice.request('GET', '/api/tasks')).status, 200);
        assert.equal(await modeOf(dataDir), '700');
        assert.equal(await modeOf(join(dataDir, 'gateway.json')), '600');
        for (const log of LOGS) {
            assert.equal(await modeOf(join(dataDir, log)), '600', log);
        }
        assert.deepEqual((await readdir(dataDir)).filter(name => name.endsWith('.tmp')), [], 'the stale temporary copy is removed');
        assert.equal((await new Client(gateway.url).login('alice', 'alice-password-123')).status, 200);
    } finally {
        await gateway.close();
    }
});

test('the store and the logs write their files 0600, new or left 0644', async () => {
    const dir = await tempDir('log-modes');
    const store = await Store.open(join(dir, 'state', 'gateway.json'));
    await store.update(data => { data.users = []; });
    assert.equal(await modeOf(join(dir, 'state')), '700');
    assert.equal(await modeOf(join(dir, 'state', 'gateway.json')), '600');

    const entry: ToolCallAudit = { at: new Date().toISOString(), userId: 'u1', username: 'ada', tokenName: 't', workspaceId: 'w', tool: 'read_text_file', durationMs: 1, outcome: 'ok' };
    const fresh = new AuditLog(join(dir, 'audit.jsonl'));
    await fresh.record(entry);
    assert.equal(await modeOf(join(dir, 'audit.jsonl')), '600');

    await mkdir(join(dir, 'old'));
    await writeFile(join(dir, 'old', 'audit.jsonl'), '', { mode: 0o644 });
    await new AuditLog(join(dir, 'old', 'audit.jsonl')).record(entry);
    assert.equal(await modeOf(join(dir, 'old', 'audit.jsonl')), '600');

    const ledger = await UsageLedger.open(join(dir, 'llm-usage.jsonl'));
    await ledger.record({ at: new Date().toISOString(), userId: 'u1', username: 'ada', workspaceId: 'w', model: 'm', inputTokens: 1, outputTokens: 1, cacheWriteTokens: 0, cacheReadTokens: 0, costUsd: 0, durationMs: 1, status: 200 });
    assert.equal(await modeOf(join(dir, 'llm-usage.jsonl')), '600');
});
