/*
 * The tools a sandbox executes and what they share with the gateway. The gateway requires this
 * file directly, so it depends on nothing but zod and the gateway-sandbox contract.
 */
export * from './sandbox-tool-definition';
export * from './sandbox-tools';
export * from './tool-limits';
export * from './tool-wire-format';
