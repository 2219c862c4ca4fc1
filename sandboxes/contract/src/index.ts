export * from './sockets';
export * from './control-channel';
export * from './control-replies';
export * from './tool-call';
export * from './gateway-api';
export * from './bounded-reads';
export * from './workspace-origin';
export * from './workspace-status';
