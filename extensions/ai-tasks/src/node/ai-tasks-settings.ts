import { ModelStatus, TaskLimits } from '../common/ai-task-types';
import { ModelEndpoint, modelEndpointFromEnv } from './model-gateway';
import { defaultScratchBase } from './scratch-copy';
import { workspaceRootFromEnv } from '@ide/sandbox-mcp/lib/node/workspace-paths';

export const AiTasksSettings = Symbol('AiTasksSettings');

export interface AiTasksSettings {
    /** The real workspace (IDE_WORKSPACE_DIR). */
    workspaceRoot: string;
    /** Where scratch copies go: `<scratchBase>/<taskId>/`. */
    scratchBase: string;
    /** The gateway's model proxy (IDE_GATEWAY_SOCKET) or, in tests, a Messages API base URL. */
    endpoint: ModelEndpoint;
    /** Who the tasks are recorded for. */
    user: string;
    /** More tasks wait as `queued`. */
    maxConcurrentTasks: number;
    maxAutoFixRounds: number;
    defaultLimits: Omit<TaskLimits, 'maxCostUsd'>;
    /** What to assume when the endpoint has no `/v1/ide/status` (a bare Messages API in tests). */
    fallbackStatus?: Partial<ModelStatus>;
}

export const DEFAULT_LIMITS: Omit<TaskLimits, 'maxCostUsd'> = {
    maxTurns: 40,
    maxTokens: 2_000_000,
    wallTimeMs: 30 * 60_000
};

export const DEFAULT_MAX_AUTO_FIX_ROUNDS = 2;

export function aiTasksSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): AiTasksSettings {
    return {
        workspaceRoot: workspaceRootFromEnv(env),
        scratchBase: defaultScratchBase(env),
        endpoint: modelEndpointFromEnv(env),
        user: env.IDE_USER_NAME || env.USER || 'user',
        maxConcurrentTasks: 2,
        maxAutoFixRounds: DEFAULT_MAX_AUTO_FIX_ROUNDS,
        defaultLimits: DEFAULT_LIMITS
    };
}
