export * from './fake-messages-api';
export * from './hostile-sandbox';
