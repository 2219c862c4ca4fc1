#!/usr/bin/env node
// Writes NAME.gz beside each script, style sheet and wasm file of the built frontend (browser-app/lib/frontend).
// Theia's backend serves NAME.gz with Content-Encoding: gzip when the browser accepts it (serveGzipped in
// @theia/core's backend-application), so a first load downloads about a quarter of the bytes. A .gz older than
// its file is rewritten, one whose file is gone is removed, so it never serves a stale bundle.
//
// Usage: node scripts/precompress-frontend.mjs [dir]   (default: browser-app/lib/frontend)

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.argv[2] ?? path.join(root, 'browser-app', 'lib', 'frontend'));
const COMPRESSED = /\.(js|css|wasm|svg|ttf|map)$/;
const MIN_BYTES = 1024;

const started = Date.now();
let written = 0;
let before = 0;
let after = 0;
function walk(current) {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
        const file = path.join(current, entry.name);
        if (entry.isDirectory()) {
            walk(file);
        } else if (entry.name.endsWith('.gz')) {
            if (!fs.existsSync(file.slice(0, -3))) {
                fs.rmSync(file);
            }
        } else if (COMPRESSED.test(entry.name)) {
            const stat = fs.statSync(file);
            if (stat.size < MIN_BYTES) {
                continue;
            }
            const gz = `${file}.gz`;
            const gzStat = fs.statSync(gz, { throwIfNoEntry: false });
            if (!gzStat || gzStat.mtimeMs < stat.mtimeMs) {
                fs.writeFileSync(gz, gzipSync(fs.readFileSync(file), { level: constants.Z_BEST_COMPRESSION }));
                written++;
            }
            if (!entry.name.endsWith('.map')) {
                before += stat.size;
                after += fs.statSync(gz).size;
            }
        }
    }
}
walk(dir);
const mb = bytes => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
console.log(`precompress-frontend: ${mb(before)} of scripts, styles and fonts → ${mb(after)} gzipped; ${written} written in ${Date.now() - started} ms`);
