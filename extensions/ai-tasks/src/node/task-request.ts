import { ModelStatus, NewTaskRequest, TaskLimits } from '../common/ai-task-types';
import { AiTasksSettings } from './ai-tasks-settings';
import { formatUsd } from './model-pricing';
import { TaskError } from './task-runtime';

const MAX_TASK_TEXT = 100_000;

export interface ValidTaskRequest {
    text: string;
    model: string;
    budgetUsd: number;
    limits: TaskLimits;
}

/** A new task's request checked against the gateway's model status; throws TaskError saying what to change. */
export function validateTaskRequest(request: NewTaskRequest, status: ModelStatus, defaults: AiTasksSettings['defaultLimits']): ValidTaskRequest {
    const text = (request.text ?? '').trim();
    if (!text) {
        throw new TaskError('describe the task first');
    }
    if (text.length > MAX_TASK_TEXT) {
        throw new TaskError(`the task text is longer than ${MAX_TASK_TEXT} characters`);
    }
    if (status.reachable && !status.configured) {
        throw new TaskError(`no model API key is configured on the gateway. ${status.howToConfigure ?? ''}`.trim());
    }
    const model = request.model || status.models[0];
    if (!model) {
        throw new TaskError(status.error ?? 'the gateway offers no model');
    }
    if (status.models.length > 0 && !status.models.includes(model)) {
        throw new TaskError(`model "${model}" is not offered by the gateway; choose one of: ${status.models.join(', ')}`);
    }
    const budgetUsd = request.budgetUsd ?? status.maxTaskBudgetUsd ?? 1;
    if (!Number.isFinite(budgetUsd) || budgetUsd <= 0) {
        throw new TaskError('the budget must be a positive number of US dollars');
    }
    if (status.maxTaskBudgetUsd !== undefined && budgetUsd > status.maxTaskBudgetUsd) {
        throw new TaskError(`the budget ${formatUsd(budgetUsd)} is over the gateway's maximum of ${formatUsd(status.maxTaskBudgetUsd)} per task`);
    }
    return {
        text,
        model,
        budgetUsd,
        limits: {
            maxTurns: positiveOr(request.limits?.maxTurns, defaults.maxTurns),
            maxTokens: positiveOr(request.limits?.maxTokens, defaults.maxTokens),
            wallTimeMs: positiveOr(request.limits?.wallTimeMs, defaults.wallTimeMs),
            maxCostUsd: budgetUsd
        }
    };
}

function positiveOr(value: number | undefined, fallback: number): number {
    return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}
