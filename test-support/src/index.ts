export * from './fake-messages-api';
export * from './hostile-sandbox';
export * from './dev-server';
export * from './git-http-server';
export * from './zip-writer';
export * from './vsix-fixture';
