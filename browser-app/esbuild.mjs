/**
 * Theia's generated build (gen-esbuild.*.mjs) with two changes: the frontend bundle starts from
 * src/frontend/deferred-entry.js, which runs the generated index.js once the bundle's top level has returned; and the
 * backend gets the sandbox tools' command launcher as a program of its own, beside main.js as Theia's plugin-host is.
 */
import { browserOptions, watch } from './gen-esbuild.browser.mjs';
import { nodeOptions } from './gen-esbuild.node.mjs';

import esbuild from 'esbuild';

const frontendOptions = { ...browserOptions, entryPoints: { ...browserOptions.entryPoints, bundle: './src/frontend/deferred-entry.js' } };
const browserContext = await esbuild.context(frontendOptions);
const backendOptions = { ...nodeOptions, entryPoints: { ...nodeOptions.entryPoints, 'command-launcher': '@ide/sandbox-mcp/lib/node/command-launcher' } };
const nodeContext = await esbuild.context(backendOptions);

if (watch) {
    await Promise.all([
        browserContext.watch(),
        nodeContext.watch(),
    ]);
} else {
    try {
        await browserContext.rebuild();
        await browserContext.dispose();
        await nodeContext.rebuild();
        await nodeContext.dispose();
    } catch {
        process.exit(1);
    }
}
