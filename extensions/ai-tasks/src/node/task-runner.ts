import * as fs from 'fs/promises';
import * as path from 'path';
import { MemoryService } from '@ide/memory/lib/common/memory-protocol';
import { ModelStatus, TaskFileChange, TaskGateRun } from '../common/ai-task-types';
import { AgentOutcome, runAgent } from './agent-loop';
import { AiTasksSettings } from './ai-tasks-settings';
import { ModelGateway } from './model-gateway';
import { ScratchCopy } from './scratch-copy';
import { TaskBook } from './task-book';
import { describeGateRun, GateRunner, runGatesOnProposal } from './task-gates';
import { systemPrompt } from './task-prompts';
import { TaskRuntime } from './task-runtime';
import { TaskToolbox } from './task-toolbox';

export interface TaskRunnerOptions {
    book: TaskBook;
    settings: AiTasksSettings;
    gateway: ModelGateway;
    gates: GateRunner;
    /** Read at each start (a test sets the manager's memory after construction). */
    memory: () => MemoryService | undefined;
    modelStatus: () => Promise<ModelStatus>;
}

/** Runs a task: the scratch copy, the agent's rounds against the gateway's model proxy, the change set, the gates. */
export class TaskRunner {
    constructor(protected readonly options: TaskRunnerOptions) { }

    async execute(task: TaskRuntime): Promise<void> {
        const { book, settings } = this.options;
        const { detail } = task;
        task.controller = new AbortController();
        try {
            detail.activity = 'copying the workspace';
            book.changed(task);
            const scratchRoot = path.join(settings.scratchBase, detail.id);
            task.scratch = await ScratchCopy.create(settings.workspaceRoot, scratchRoot);
            detail.scratchRoot = scratchRoot;
            detail.emptyFile = `${scratchRoot}.empty`;
            await fs.writeFile(detail.emptyFile, '');
            task.toolbox = new TaskToolbox(scratchRoot, settings.workspaceRoot, this.options.memory());
            book.addStep(task, { kind: 'info', text: `working in a scratch copy of ${task.scratch.startHashes.size} files with ${detail.model}` });
        } catch (error) {
            await book.finish(task, 'failed', `could not copy the workspace: ${error instanceof Error ? error.message : String(error)}`);
            return;
        }
        if (task.controller.signal.aborted) {
            await book.finish(task, 'cancelled', 'cancelled by the user');
            return;
        }
        await this.runRound(task, false);
    }

    /** One round of the agent (the first, or an auto-fix one), then the task awaits review or has ended. */
    async runRound(task: TaskRuntime, autoFix: boolean): Promise<void> {
        const { book, settings, gateway } = this.options;
        const { detail } = task;
        task.controller = new AbortController();
        detail.activity = 'thinking';
        book.changed(task);
        let outcome: AgentOutcome;
        try {
            const status = await this.options.modelStatus();
            outcome = await runAgent({
                client: gateway.client(detail.id, detail.budgetUsd),
                model: detail.model,
                system: systemPrompt(settings.workspaceRoot),
                tools: task.toolbox!,
                messages: task.messages,
                usage: detail.usage,
                price: status.pricesUsdPerMillionTokens[detail.model],
                limits: detail.limits,
                signal: task.controller.signal,
                steps: book.stepSink(task),
                onUsage: usage => {
                    detail.activity = 'thinking';
                    book.changed(task, false, usage);
                }
            });
        } catch (error) {
            outcome = { kind: 'failed', reason: `the agent crashed: ${error instanceof Error ? error.message : String(error)}` };
            console.error('[ai-tasks] agent loop failed', error);
        } finally {
            await task.toolbox?.killProcesses();
        }
        detail.activity = undefined;
        try {
            task.changes = await task.scratch!.changes();
            await book.refreshFiles(task);
        } catch (error) {
            console.error(`[ai-tasks] could not compute the change set of ${detail.id}`, error);
        }
        switch (outcome.kind) {
            case 'done':
                book.addStep(task, { kind: 'info', text: `the agent finished: ${detail.files.length} file${detail.files.length === 1 ? '' : 's'} changed` });
                book.setStatus(task, 'awaiting review', detail.files.length === 0 ? 'the agent changed no files' : undefined);
                if (autoFix && detail.files.length) {
                    await this.gatesOn(task, detail.files.filter(file => file.decision === 'accepted')).catch(() => undefined);
                }
                break;
            case 'cancelled':
                await book.finish(task, 'cancelled', 'cancelled by the user');
                break;
            case 'stopped':
            case 'failed':
                book.addStep(task, { kind: 'error', text: outcome.reason });
                await book.finish(task, 'failed', outcome.reason);
                break;
        }
    }

    /** The gates on the scratch copy with the chosen files (the rest as in the workspace). */
    async gatesOn(task: TaskRuntime, chosen: TaskFileChange[]): Promise<TaskGateRun> {
        const { book } = this.options;
        task.detail.activity = 'running quality gates';
        book.changed(task);
        const run = await runGatesOnProposal(this.options.gates, task.scratch!, task.detail.files, chosen, task.controller?.signal);
        task.detail.gateRun = run;
        task.detail.activity = undefined;
        book.addStep(task, { kind: 'gates', text: describeGateRun(run), isError: !run.passed });
        book.changed(task);
        return run;
    }
}
