export * from './fake-messages-api';
export * from './hostile-sandbox';
export * from './dev-server';
export * from './git-http-server';
