import '@theia/core/shared/reflect-metadata';
import { afterEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as http from 'http';
import { AddressInfo } from 'net';
import { Container } from '@theia/core/shared/inversify';
import { publishedTool, TOOL_CALL_PATH, ToolCallLine, ToolProgressLine, ToolResultLine } from '@ide/sandbox-mcp/lib/common/tool-definitions';
import sandboxMcpBackendModule from '@ide/sandbox-mcp/lib/node/sandbox-mcp-backend-module';
import { SandboxTool } from '@ide/sandbox-mcp/lib/node/sandbox-tool';
import { ToolCallEndpoint } from '@ide/sandbox-mcp/lib/node/tool-call-endpoint';
import { GateRunResult } from '../common/gate-results';
import { QUALITY_GATE_TOOLS } from '../common/quality-gate-tool-definitions';
import qualityGatesBackendModule from './quality-gates-backend-module';
import { HISTORY_FILE } from './run-history';
import { createTestProject, TestProject } from '../test-helpers/temp-project';

const AWS_ACCESS_KEY_ID = 'AKIA' + 'ZX4TW7QPLM2NB8RC';

interface ToolCallResponse {
    status: number;
    progress: ToolProgressLine[];
    result: ToolResultLine | undefined;
}

/** The sandbox's real tool-call route with sandbox-mcp and this extension loaded, as the Theia backend has them. */
async function startToolServer(workspace: string) {
    process.env.IDE_WORKSPACE_DIR = workspace;
    const container = new Container();
    container.load(sandboxMcpBackendModule, qualityGatesBackendModule);
    const endpoint = container.get(ToolCallEndpoint);
    const server = http.createServer((req, res) => void endpoint.handle(req, res));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    return {
        container,
        call: (tool: string, args: Record<string, unknown>) => new Promise<ToolCallResponse>((resolve, reject) => {
            const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: TOOL_CALL_PATH, headers: { 'content-type': 'application/json' } });
            request.on('error', reject);
            request.on('response', response => {
                const chunks: Buffer[] = [];
                response.on('data', chunk => chunks.push(chunk));
                response.on('end', () => {
                    const lines = Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean).map(line => JSON.parse(line) as ToolCallLine);
                    resolve({
                        status: response.statusCode ?? 0,
                        progress: lines.filter((line): line is ToolProgressLine => line.type === 'progress'),
                        result: lines.find((line): line is ToolResultLine => line.type === 'result')
                    });
                });
            });
            request.end(JSON.stringify({ tool, arguments: args }));
        }),
        close: async () => {
            server.closeAllConnections();
            await new Promise(resolve => server.close(resolve));
        }
    };
}

describe('run_quality_gates MCP tool', () => {
    let project: TestProject | undefined;
    let server: Awaited<ReturnType<typeof startToolServer>> | undefined;
    afterEach(async () => {
        await server?.close();
        await project?.dispose();
    });

    it('is published from the definition it is validated with, with honest annotations', async () => {
        project = await createTestProject({});
        server = await startToolServer(project.root);
        const tool = server.container.getAll<SandboxTool>(SandboxTool).find(candidate => candidate.definition.name === 'run_quality_gates')!;
        assert.ok(tool, 'bound as a SandboxTool');
        assert.equal(QUALITY_GATE_TOOLS.length, 1);
        const [definition] = QUALITY_GATE_TOOLS;
        assert.equal(tool.definition, definition);
        for (const property of Object.values(publishedTool(definition).inputSchema.properties)) {
            assert.ok((property as { description?: string }).description);
        }
        assert.deepEqual(definition.annotations, { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false });
    });

    it('runs the workspace\'s gates through the tool-call route: progress lines, a bounded text summary, the run in structuredContent', async () => {
        project = await createTestProject({
            'README.md': '# demo\n',
            'src/config.ts': `export const accessKeyId = "${AWS_ACCESS_KEY_ID}";\n`,
            'src/clean.ts': 'export const x = 1;\n',
            '.ide/gates.json': JSON.stringify({ gates: [{ kind: 'command', name: 'readme', command: 'test -f README.md' }, { kind: 'command', name: 'lint', command: 'echo "lint: 1 problem"; exit 1' }] })
        });
        server = await startToolServer(project.root);
        const response = await server.call('run_quality_gates', {});
        assert.equal(response.status, 200);
        const result = response.result!;
        assert.equal(result.isError, false);
        const run = result.structuredContent as unknown as GateRunResult;
        assert.equal(run.status, 'fail');
        assert.deepEqual(run.gates.map(gate => `${gate.gate}:${gate.status}`), ['readme:pass', 'lint:fail', 'secret-scan:fail', 'tests-not-deleted:skipped']);
        const text = result.content[0].text;
        assert.match(text, /^Quality gates: fail in [\d.]+ s — 1 passed, 2 failed, 0 errors, 1 skipped\n/);
        assert.match(text, /\n✗ secret-scan \(secret-scan\): fail in [\d.]+ s, 1 finding\n {4}src\/config\.ts:1:29: error: found AWS Access Key ID: AKIA\*{16} \(20 chars\) \[@secretlint\/secretlint-rule-aws\]\n/);
        assert.match(text, /\n--- log of lint ---\nlint: 1 problem/);
        assert.ok(!JSON.stringify(result).includes(AWS_ACCESS_KEY_ID));
        assert.deepEqual(response.progress.map(line => line.progress), [0, 1, 2, 3, 4]);
        assert.ok(response.progress.every(line => line.total === 4));
        assert.match(response.progress.at(-1)!.message, /: (pass|fail|skipped)/);
        const history = JSON.parse(await import('fs').then(fs => fs.promises.readFile(`${project!.root}/${HISTORY_FILE}`, 'utf8')));
        assert.equal(history.runs[0].id, run.id, 'runs on the workspace are kept in its history');

        const scoped = await server.call('run_quality_gates', { gates: ['secret-scan'], changedFiles: ['src/clean.ts'] });
        const scopedRun = scoped.result!.structuredContent as unknown as GateRunResult;
        assert.deepEqual([scopedRun.status, scopedRun.changedFiles], ['pass', ['src/clean.ts']]);
    });

    it('answers bad requests with isError results that say why', async () => {
        project = await createTestProject({ '.ide/gates.json': '{"gates": [{"kind": "command", "name": "x", "command": "true", "timeoutSeconds": -1}]}' });
        server = await startToolServer(project.root);
        const invalidConfig = await server.call('run_quality_gates', {});
        assert.deepEqual([invalidConfig.result?.isError, invalidConfig.result?.content[0].text],
            [true, '.ide/gates.json: gates[0].timeoutSeconds: must be at least 1 second']);

        await project.write('.ide/gates.json', '{}');
        const unknown = await server.call('run_quality_gates', { gates: ['nope'] });
        assert.equal(unknown.result?.content[0].text, 'unknown gate "nope"; this project\'s gates are: secret-scan, tests-not-deleted');
        const outside = await server.call('run_quality_gates', { changedFiles: ['../etc/passwd'] });
        assert.match(outside.result!.content[0].text, /^changedFiles: "\.\.\/etc\/passwd" is not a file inside the workspace /);
        const badArguments = await server.call('run_quality_gates', { gates: [] });
        assert.match(badArguments.result!.content[0].text, /^invalid arguments for run_quality_gates: gates: /);
    });
});
