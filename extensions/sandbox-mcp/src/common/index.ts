export * from './tool-definitions';
