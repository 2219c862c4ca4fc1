/**
 * Theia's generated build (gen-esbuild.*.mjs) with one change: the frontend bundle starts from
 * src/frontend/deferred-entry.js, which runs the generated index.js once the bundle's top level has returned.
 */
import { browserOptions, watch } from './gen-esbuild.browser.mjs';
import { nodeOptions } from './gen-esbuild.node.mjs';

import esbuild from 'esbuild';

const frontendOptions = { ...browserOptions, entryPoints: { ...browserOptions.entryPoints, bundle: './src/frontend/deferred-entry.js' } };
const browserContext = await esbuild.context(frontendOptions);
const nodeContext = await esbuild.context(nodeOptions);

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
