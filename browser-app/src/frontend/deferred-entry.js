// The frontend bundle's entry point: Theia's generated src-gen/frontend/index.js, started in a microtask once the
// bundle script's own evaluation has returned.
//
// esbuild wraps the whole bundle (15 MB) in one function. Started from that function's top level, the start-up
// code has it and the script's top level on the stack whenever a full stack trace is captured, which an inspector
// does for every console call (DevTools open, Playwright, any CDP client); V8 then re-parses both, the whole file
// each, for their source positions: 0.7 s on the main thread before the workbench could start. From a microtask,
// only the small module functions are on the stack.
Promise.resolve().then(() => require('../../src-gen/frontend/index.js'));
