import {
    ApplyRequest, ApplyResult, FileDecision, ModelStatus, NewTaskRequest, TaskDetail, TaskEvent, TaskGateRun, TaskSummary
} from './ai-task-types';

/** Where the backend serves AiTasksService to the frontend (JSON-RPC over Theia's WebSocket). */
export const AI_TASKS_SERVICE_PATH = '/services/ai-tasks';

export const AiTasksService = Symbol('AiTasksService');

/**
 * The AI tasks of the workspace. Refusals (unknown task, wrong state, bad input) are Errors whose
 * message says what is wrong.
 */
export interface AiTasksService {
    /** The gateway's model proxy: configured or not, models, prices, budgets. */
    modelStatus(): Promise<ModelStatus>;
    /** Newest first, including ended tasks recorded in `.ide/tasks/`. */
    listTasks(): Promise<TaskSummary[]>;
    getTask(id: string): Promise<TaskDetail>;
    createTask(request: NewTaskRequest): Promise<TaskSummary>;
    /** Stops the model stream and kills the task's commands. */
    cancelTask(id: string): Promise<TaskSummary>;
    setFileDecision(id: string, path: string, decision: FileDecision): Promise<TaskDetail>;
    /** Marks a stale file to be overwritten with the agent's version anyway. */
    overrideStale(id: string, path: string, override: boolean): Promise<TaskDetail>;
    /** Re-applies the agent's change of a stale file on top of the workspace's current version; refused on conflicts. */
    rebaseFile(id: string, path: string): Promise<TaskDetail>;
    /** Runs the quality gates on the proposed result without applying it. */
    runGates(id: string): Promise<TaskGateRun>;
    /** Sends the last gate failures back to the agent for another round. */
    autoFix(id: string): Promise<TaskSummary>;
    /** Runs the gates on the proposed result and, when they pass, writes the accepted files into the workspace. */
    applyTask(id: string, request?: ApplyRequest): Promise<ApplyResult>;
    rejectTask(id: string): Promise<TaskSummary>;
}

/** Implemented by the frontend: every task change and streamed step. */
export interface AiTasksClient {
    onTaskEvent(event: TaskEvent): void;
}
