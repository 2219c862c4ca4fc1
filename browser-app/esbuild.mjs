/**
 * Theia's generated build (gen-esbuild.*.mjs) with three changes: the frontend bundle starts from
 * src/frontend/deferred-entry.js, which runs the generated index.js once the bundle's top level has returned; fonts
 * are files of their own beside the bundle (content-hashed names), not data URLs inside the style sheet, so the
 * browser fetches the one format it uses when a glyph needs it, instead of every format of every font (1.6 of the
 * style sheet's 2.5 MB) before the page can draw; and the backend gets the sandbox tools' command launcher as a
 * program of its own, beside main.js as Theia's plugin-host is.
 */
import { browserOptions, watch } from './gen-esbuild.browser.mjs';
import { nodeOptions } from './gen-esbuild.node.mjs';

import esbuild from 'esbuild';

const fontsAsFiles = { '.ttf': 'file', '.eot': 'file', '.woff': 'file', '.woff2': 'file' };
const frontendOptions = {
    ...browserOptions,
    entryPoints: { ...browserOptions.entryPoints, bundle: './src/frontend/deferred-entry.js' },
    loader: { ...browserOptions.loader, ...fontsAsFiles },
    assetNames: '[name]-[hash]'
};
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
