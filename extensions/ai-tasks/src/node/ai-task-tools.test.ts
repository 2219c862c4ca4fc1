import '@theia/core/shared/reflect-metadata';
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { Container } from '@theia/core/shared/inversify';
import { publishedTool, ToolResultLine } from '@ide/sandbox-mcp/lib/common/tool-definitions';
import sandboxMcpBackendModule from '@ide/sandbox-mcp/lib/node/sandbox-mcp-backend-module';
import { SandboxTool } from '@ide/sandbox-mcp/lib/node/sandbox-tool';
import { ToolExecutor } from '@ide/sandbox-mcp/lib/node/tool-executor';
import qualityGatesBackendModule from '@ide/quality-gates/lib/node/quality-gates-backend-module';
import { AI_TASK_TOOLS } from '../common/ai-task-tool-definitions';
import { TaskDetail } from '../common/ai-task-types';
import aiTasksBackendModule from './ai-tasks-backend-module';
import { AiTaskManager } from './ai-task-manager';
import { AiTasksSettings, DEFAULT_LIMITS } from './ai-tasks-settings';
import { commandGate, FakeGatewaySocket, TaskFixture, taskFixture, text, toolUse, waitFor } from '../test-helpers/ai-tasks';

describe('AI task MCP tools', () => {
    let fixture: TaskFixture;
    let container: Container;
    let call: (tool: string, args: Record<string, unknown>) => Promise<ToolResultLine>;
    const textOf = (result: ToolResultLine) => result.content.map(content => content.text).join('');

    before(async () => {
        fixture = await taskFixture({ files: { 'a.txt': 'a\n', '.ide/gates.json': commandGate('a-is-b', 'grep -qx b a.txt') } });
        process.env.IDE_WORKSPACE_DIR = fixture.project.workspace;
        container = new Container();
        container.load(sandboxMcpBackendModule, qualityGatesBackendModule, aiTasksBackendModule);
        const settings: AiTasksSettings = {
            workspaceRoot: fixture.project.workspace,
            scratchBase: fixture.project.scratchBase,
            endpoint: { socketPath: (fixture.gateway as FakeGatewaySocket).socketPath },
            user: 'agent-user',
            maxConcurrentTasks: 2,
            maxAutoFixRounds: 2,
            defaultLimits: DEFAULT_LIMITS
        };
        container.rebind(AiTasksSettings).toConstantValue(settings);
        const executor = container.get(ToolExecutor);
        const signal = new AbortController().signal;
        call = (tool, args) => executor.execute(tool, args, { signal, reportProgress: () => undefined });
    });
    after(async () => {
        await container.get(AiTaskManager).dispose();
        await fixture.close();
    });

    describe('definitions', () => {
        const tools = () => new Map(container.getAll<SandboxTool>(SandboxTool).map(tool => [tool.definition.name, tool]));

        it('has one executor tool per published definition, next to the sandbox tools', () => {
            const names = [...tools().keys()];
            for (const definition of AI_TASK_TOOLS) {
                assert.equal(names.filter(name => name === definition.name).length, 1, definition.name);
            }
            assert.ok(names.includes('read_text_file'));
            assert.deepEqual(AI_TASK_TOOLS.map(tool => tool.name), ['create_task', 'get_task', 'apply_task', 'cancel_task']);
        });

        for (const definition of AI_TASK_TOOLS) {
            it(`${definition.name}: the executor validates with the definition agents see, every property is described`, () => {
                assert.equal(tools().get(definition.name)!.definition, definition);
                for (const [name, property] of Object.entries(publishedTool(definition).inputSchema.properties)) {
                    assert.ok((property as { description?: string }).description, `${definition.name}.${name} has no description`);
                }
                const { readOnlyHint, destructiveHint } = definition.annotations;
                assert.ok(!(readOnlyHint && destructiveHint));
            });
        }

        it('annotates honestly: only get_task reads, apply_task and cancel_task are destructive', () => {
            const hints = Object.fromEntries(AI_TASK_TOOLS.map(tool => [tool.name, [tool.annotations.readOnlyHint, tool.annotations.destructiveHint]]));
            assert.deepEqual(hints, {
                create_task: [false, false], get_task: [true, false], apply_task: [false, true], cancel_task: [false, true]
            });
        });

        it('the definitions file imports only zod and the contract at run time (the gateway requires it directly)', async () => {
            const source = await import('fs/promises').then(fs => fs.readFile(require.resolve('../common/ai-task-tool-definitions'), 'utf8'));
            assert.deepEqual(source.match(/require\([^)]*\)/g), ['require("zod")', 'require("@ide/sandbox-contract/lib/task-id")']);
        });
    });

    it('create_task → get_task → apply_task: an external agent runs a task to the workspace', async () => {
        fixture.script('mcp', [
            { content: [text('Changing a to b.'), toolUse('write_file', { path: 'a.txt', content: 'b\n' })] },
            { content: [text('done')] }
        ]);
        const created = await call('create_task', { task: 'Make a into b. script:mcp', budgetUsd: 0.5 });
        assert.equal(created.isError, false, textOf(created));
        const taskId = created.structuredContent!.taskId as string;
        assert.match(textOf(created), /^created task-/);

        let task: TaskDetail | undefined;
        await waitFor(async () => {
            const got = await call('get_task', { taskId });
            task = got.structuredContent!.task as TaskDetail;
            return task.status === 'awaiting review';
        }, 'the task to await review');
        const got = await call('get_task', { taskId, steps: 3 });
        assert.match(textOf(got), /awaiting review/);
        assert.match(textOf(got), /modified a.txt \(\+1 -1\)/);
        assert.match(textOf(got), /^\+b$/m);
        assert.equal((got.structuredContent!.task as TaskDetail).steps.length, 3);
        assert.equal((got.structuredContent!.task as TaskDetail).user, 'tester', 'the owner the gateway names, not the local setting');
        const withoutDiff = await call('get_task', { taskId, includeDiff: false });
        assert.doesNotMatch(textOf(withoutDiff), /^\+b$/m);

        const listing = await call('get_task', {});
        assert.match(textOf(listing), new RegExp(`${taskId}: awaiting review`));

        const applied = await call('apply_task', { taskId });
        assert.equal(applied.isError, false, textOf(applied));
        assert.match(textOf(applied), /applied 1 file: a.txt\nquality gates passed/);
        assert.equal(await fixture.project.read('a.txt'), 'b\n');

        const cancelled = await call('cancel_task', { taskId });
        assert.match(textOf(cancelled), /applied/, 'cancelling an ended task changes nothing');
    });

    it('apply_task returns the gate failures as an error result', async () => {
        fixture.script('mcp-fail', [
            { content: [toolUse('write_file', { path: 'a.txt', content: 'c\n' })] },
            { content: [text('done')] }
        ]);
        const taskId = (await call('create_task', { task: 'script:mcp-fail' })).structuredContent!.taskId as string;
        await waitFor(async () => ((await call('get_task', { taskId })).structuredContent!.task as TaskDetail).status === 'awaiting review', 'review');
        const refused = await call('apply_task', { taskId });
        assert.equal(refused.isError, true);
        assert.match(textOf(refused), /^not applied: the quality gates failed/);
        assert.match(textOf(refused), /a-is-b: fail/);
        assert.equal(await fixture.project.read('a.txt'), 'b\n');
        const cancelled = await call('cancel_task', { taskId });
        assert.match(textOf(cancelled), /cancelled/);
    });

    it('refuses unknown tasks and bad arguments clearly', async () => {
        assert.match(textOf(await call('get_task', { taskId: 'task-nope' })), /no task "task-nope"/);
        assert.match(textOf(await call('apply_task', { taskId: '../etc' })), /invalid arguments for apply_task: taskId/);
        assert.match(textOf(await call('create_task', { task: '' })), /invalid arguments for create_task: task/);
    });
});
