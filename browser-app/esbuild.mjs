/**
 * Theia's generated build (gen-esbuild.*.mjs) with five changes: the frontend bundle starts from
 * src/frontend/deferred-entry.js, which runs the generated index.js once the bundle's top level has returned; fonts
 * are files of their own beside the bundle (content-hashed names), not data URLs inside the style sheet, so the
 * browser fetches the one format it uses when a glyph needs it, instead of every format of every font (1.6 of the
 * style sheet's 2.5 MB) before the page can draw; Theia's translation metadata is a file fetched when the page
 * translates (nlsMetadataAsFile); the JSON schema catalog keeps only what Theia reads of it (schemaCatalogSlimmed); and the backend gets the sandbox tools' command launcher as a
 * program of its own, beside main.js as Theia's plugin-host is.
 */
import { browserOptions, watch } from './gen-esbuild.browser.mjs';
import { nodeOptions } from './gen-esbuild.node.mjs';

import esbuild from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const NLS_METADATA = require.resolve('@theia/core/src/common/i18n/nls.metadata.json');

/**
 * @theia/core's nls.metadata.json (VS Code's English messages and their keys, 1.9 of the bundle's 14.7 MB) becomes a
 * file beside the bundle (content-hashed name): in the bundle, empty tables and that file's URL, which the i18n
 * preload (extensions/startup: nls-metadata-fetched.ts) fetches only when the page translates.
 * @type {import('esbuild').Plugin}
 */
const nlsMetadataAsFile = {
    name: 'nls-metadata-as-file',
    setup(build) {
        build.onResolve({ filter: /nls\.metadata\.json$/ }, () => ({ path: NLS_METADATA, namespace: 'nls-metadata-in-bundle' }));
        build.onLoad({ filter: /.*/, namespace: 'nls-metadata-in-bundle' }, () => ({
            contents: 'module.exports = { keys: {}, messages: {}, fetchFrom: require("nls-metadata-file") };',
            loader: 'js'
        }));
        build.onResolve({ filter: /^nls-metadata-file$/ }, () => ({ path: NLS_METADATA, namespace: 'nls-metadata-file' }));
        build.onLoad({ filter: /.*/, namespace: 'nls-metadata-file' }, () => ({ contents: fs.readFileSync(NLS_METADATA), loader: 'file' }));
    }
};

/**
 * @theia/core's catalog.json (schemastore.org's list of JSON schemas, 0.39 MB) is read by DefaultJsonSchemaContribution
 * only for the `fileMatch` and `url` of the schemas that have a `fileMatch`: the bundle keeps those (0.18 MB), not
 * every schema's name, description and versions.
 * @type {import('esbuild').Plugin}
 */
const schemaCatalogSlimmed = {
    name: 'schema-catalog-slimmed',
    setup(build) {
        build.onLoad({ filter: /[\\/]@theia[\\/]core[\\/]lib[\\/]browser[\\/]catalog\.json$/ }, ({ path }) => {
            const { schemas } = JSON.parse(fs.readFileSync(path, 'utf8'));
            const read = schemas.filter(schema => schema.fileMatch).map(({ fileMatch, url }) => ({ fileMatch, url }));
            return { contents: JSON.stringify({ schemas: read }), loader: 'json' };
        });
    }
};

const fontsAsFiles = { '.ttf': 'file', '.eot': 'file', '.woff': 'file', '.woff2': 'file' };
const frontendOptions = {
    ...browserOptions,
    entryPoints: { ...browserOptions.entryPoints, bundle: './src/frontend/deferred-entry.js' },
    loader: { ...browserOptions.loader, ...fontsAsFiles },
    assetNames: '[name]-[hash]',
    plugins: [...browserOptions.plugins, nlsMetadataAsFile, schemaCatalogSlimmed]
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
