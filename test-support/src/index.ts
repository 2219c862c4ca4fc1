export * from './fake-messages-api';
