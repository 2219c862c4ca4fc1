/*
 * The node-side API, usable without dependency injection (the bench imports it on the host).
 * In the Theia backend, inject AiTaskManager (lib/node/ai-task-manager) instead.
 */
import '@theia/core/shared/reflect-metadata';

export * from '../common/ai-task-types';
export { AiTaskManager, TaskError } from './ai-task-manager';
export { AiTasksSettings, aiTasksSettingsFromEnv, DEFAULT_LIMITS } from './ai-tasks-settings';
export { ModelGateway, ModelEndpoint, modelEndpointFromEnv } from './model-gateway';
export { ScratchCopy } from './scratch-copy';
export { applyFile, ApplyRefusal } from './apply-file';
export { runAgent, AgentRunOptions, AgentOutcome } from './agent-loop';
export { timeTaskToFirstStep, FirstStepOptions, FIRST_STEP_SCRIPT, FIRST_STEP_SCRIPT_NAME } from './first-step-bench';
