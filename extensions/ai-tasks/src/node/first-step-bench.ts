import '@theia/core/shared/reflect-metadata';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import type { ScriptedTurn } from '@ide/test-support';
import { ModelPrice, TaskEvent } from '../common/ai-task-types';
import { AiTaskManager } from './ai-task-manager';
import { DEFAULT_LIMITS } from './ai-tasks-settings';
import { ModelEndpoint } from './model-gateway';

/** The fake Messages API script the bench registers: `script:<FIRST_STEP_SCRIPT_NAME>` is in the default task text. */
export const FIRST_STEP_SCRIPT_NAME = 'first-step';
export const FIRST_STEP_SCRIPT: ScriptedTurn[] = [
    { content: [{ type: 'text', text: 'Looking at the project first.' }, { type: 'tool_use', id: 'toolu_bench_1', name: 'list_directory', input: { path: '.' } }] },
    { content: [{ type: 'text', text: 'Nothing to change.' }] }
];

export interface FirstStepOptions {
    /** The gateway socket (`{ socketPath }`) or a Messages API base URL (`{ baseURL }`). */
    endpoint: ModelEndpoint;
    model?: string;
    /** Default: a task whose text selects FIRST_STEP_SCRIPT. */
    text?: string;
    /** The project to copy (default: a small temporary one). */
    workspaceRoot?: string;
    /** Prices to assume when the endpoint has no `/v1/ide/status` (a bare Messages API). */
    prices?: Record<string, ModelPrice>;
    timeoutMs?: number;
}

/**
 * Measures "task start → first streamed step": from creating a task to the first thought or tool
 * call of the agent arriving (scratch copy, first model request and first streamed event included).
 * Cancels the task afterwards and removes what it made. Returns milliseconds.
 */
export async function timeTaskToFirstStep(options: FirstStepOptions): Promise<number> {
    const base = await fs.mkdtemp(path.join(os.tmpdir(), 'ai-tasks-bench-'));
    let workspaceRoot = options.workspaceRoot;
    if (!workspaceRoot) {
        workspaceRoot = path.join(base, 'workspace');
        await fs.mkdir(path.join(workspaceRoot, 'src'), { recursive: true });
        await fs.writeFile(path.join(workspaceRoot, 'README.md'), '# Bench project\n');
        await fs.writeFile(path.join(workspaceRoot, 'src', 'main.sh'), 'echo hello\n');
    }
    const model = options.model ?? 'claude-sonnet-5';
    const manager = new AiTaskManager({
        workspaceRoot,
        scratchBase: path.join(base, 'scratch'),
        endpoint: options.endpoint,
        user: 'bench',
        maxConcurrentTasks: 1,
        maxAutoFixRounds: 0,
        defaultLimits: DEFAULT_LIMITS,
        fallbackStatus: { models: [model], pricesUsdPerMillionTokens: options.prices ?? {}, maxTaskBudgetUsd: 1 }
    }, { run: () => Promise.reject(new Error('the bench runs no gates')) });
    try {
        let began = 0;
        let taskId = '';
        const firstStep = new Promise<number>((resolve, reject) => {
            const timeout = setTimeout(() => reject(new Error('no streamed step arrived in time')), options.timeoutMs ?? 60_000);
            manager.onEvent((event: TaskEvent) => {
                if (event.type === 'step' && (event.step.kind === 'thought' || event.step.kind === 'tool-call')) {
                    clearTimeout(timeout);
                    resolve(performance.now() - began);
                } else if (event.type === 'task-changed' && event.task.id === taskId && event.task.status === 'failed') {
                    clearTimeout(timeout);
                    reject(new Error(`the task failed: ${event.task.reason}`));
                }
            });
        });
        await manager.modelStatus();
        began = performance.now();
        taskId = (await manager.create({ text: options.text ?? `Look around. script:${FIRST_STEP_SCRIPT_NAME}`, model, budgetUsd: 1 })).id;
        const ms = await firstStep;
        await manager.cancel(taskId);
        return ms;
    } finally {
        await manager.dispose();
        await fs.rm(base, { recursive: true, force: true });
    }
}
