export * from './memory-types';
export * from './memory-limits';
export * from './memory-highlight';
export * from './memory-protocol';
export * from './memory-tool-definitions';
