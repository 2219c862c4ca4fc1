/**
 * Task ids travel in the `x-ide-task-id` header and name files: letters, digits, _ or -, at most 64.
 * A module of its own, without zod: the IDE's frontend needs the pattern, and nothing else of gateway-api.ts.
 */
export const TASK_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
