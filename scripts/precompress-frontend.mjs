#!/usr/bin/env node
// Prepares the built frontend (browser-app/lib/frontend) to be served by the gateway straight from the
// read-only IDE runtime (backend/src/proxy/ide-assets.ts):
//   - NAME.br (brotli, quality 11) and NAME.gz (gzip -9) beside each script, style sheet, wasm, svg and font;
//     a compressed file older than its source is rewritten, one whose source is gone is removed;
//   - asset-manifest.json: the build's content hash and every file the gateway may serve, with its encodings;
//   - index.html pointing at `.gateway/assets/<hash>/…`, a path that changes with every build, so the
//     browser may keep those files for a year without asking again.
//
// Usage: node scripts/precompress-frontend.mjs [dir]   (default: browser-app/lib/frontend)

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.argv[2] ?? path.join(root, 'browser-app', 'lib', 'frontend'));
const COMPRESSED = /\.(js|css|wasm|svg|ttf|woff|map|json)$/;
const ENCODED = /\.(gz|br)$/;
const NOT_AN_ASSET = new Set(['index.html', 'asset-manifest.json']);
const MIN_BYTES = 1024;
/** Where index.html sends the browser for the bundle; the gateway answers this path itself. */
const ASSET_PREFIX = '.gateway/assets';

const started = Date.now();
const stats = { written: 0, before: 0, gzip: 0, brotli: 0 };

function compress(file, suffix, encode) {
    const target = `${file}${suffix}`;
    const stat = fs.statSync(file);
    const existing = fs.statSync(target, { throwIfNoEntry: false });
    if (!existing || existing.mtimeMs < stat.mtimeMs) {
        fs.writeFileSync(target, encode(fs.readFileSync(file)));
        stats.written++;
    }
    return fs.statSync(target).size;
}

function walk(current, files) {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
        const file = path.join(current, entry.name);
        if (entry.isDirectory()) {
            walk(file, files);
        } else if (ENCODED.test(entry.name)) {
            if (!fs.existsSync(file.replace(ENCODED, ''))) {
                fs.rmSync(file);
            }
        } else if (!NOT_AN_ASSET.has(path.relative(dir, file))) {
            files.push(file);
        }
    }
    return files;
}

const manifest = { hash: '', files: {} };
const hash = crypto.createHash('sha256');
for (const file of walk(dir, []).sort()) {
    const name = path.relative(dir, file).split(path.sep).join('/');
    const content = fs.readFileSync(file);
    const size = content.length;
    const encodings = [];
    if (COMPRESSED.test(name) && size >= MIN_BYTES) {
        stats.before += size;
        stats.gzip += compress(file, '.gz', data => gzipSync(data, { level: constants.Z_BEST_COMPRESSION }));
        stats.brotli += compress(file, '.br', data => brotliCompressSync(data, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: size }
        }));
        encodings.push('br', 'gzip');
    }
    const digest = crypto.createHash('sha256').update(content).digest('hex');
    hash.update(`${name}\0${digest}\0`);
    manifest.files[name] = { size, etag: digest.slice(0, 20), encodings };
}
manifest.hash = hash.digest('hex').slice(0, 16);
fs.writeFileSync(path.join(dir, 'asset-manifest.json'), JSON.stringify(manifest, undefined, 1));

const indexPath = path.join(dir, 'index.html');
const index = fs.readFileSync(indexPath, 'utf8')
    .replace(/(href|src)="\.\/(?:\.gateway\/assets\/[0-9a-f]+\/)?(bundle\.(?:css|js))"/g, `$1="./${ASSET_PREFIX}/${manifest.hash}/$2"`);
fs.writeFileSync(indexPath, index);

const mb = bytes => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
console.log(`precompress-frontend: ${mb(stats.before)} of scripts, styles and fonts → ${mb(stats.gzip)} gzip, ${mb(stats.brotli)} brotli; ` +
    `${stats.written} written; build ${manifest.hash}; in ${Date.now() - started} ms`);
