export * from './gate-results';
export * from './quality-gates-protocol';
export * from './quality-gate-tool-definitions';
