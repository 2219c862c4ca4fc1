export * from './ai-task-types';
export * from './ai-tasks-protocol';
export * from './ai-task-tool-definitions';
