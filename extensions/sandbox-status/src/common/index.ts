export * from './sandbox-status-protocol';
