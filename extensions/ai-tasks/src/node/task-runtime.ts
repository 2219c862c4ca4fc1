import { TaskDetail } from '../common/ai-task-types';
import { MessageParam } from './agent-loop';
import { ScratchChange, ScratchCopy } from './scratch-copy';
import { TaskToolbox } from './task-toolbox';

/** A refusal the caller can act on (unknown task, wrong state, bad input). */
export class TaskError extends Error {
    override readonly name = 'TaskError';
}

/** A task as the backend holds it: its record (detail) and what only lives while it runs. */
export interface TaskRuntime {
    detail: TaskDetail;
    messages: MessageParam[];
    scratch?: ScratchCopy;
    changes?: ScratchChange[];
    toolbox?: TaskToolbox;
    controller?: AbortController;
    /** The agent's current round, or the gates, or an apply. */
    work?: Promise<unknown>;
    saveTimer?: NodeJS.Timeout;
}
