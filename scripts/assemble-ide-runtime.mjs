#!/usr/bin/env node
// Assembles build/ide-runtime/: everything a sandbox mounts read-only at /opt/ide.
//
//   node              the Node binary running this script (official builds need only glibc >= 2.28 and libstdc++)
//   sandbox-entry.js  the container's main process (sandboxes/runtime)
//   app/package.json  the Theia application's manifest (THEIA_APP_PROJECT_PATH points here)
//   app/lib/          the production bundle: lib/backend/main.js is self-contained, native
//                     modules sit in lib/backend/native (ripgrep, watcher, drivelist, keytar) and
//                     lib/prebuilds (node-pty); lib/frontend is served to the browser.
//
// No node_modules: the esbuild production bundle does not need them.
// Re-running copies only files whose size or mtime (to 2 ms, utimes rounds) changed and removes files that are gone.
//
// Usage (from the repo root, after `lerna run build`): node scripts/assemble-ide-runtime.mjs

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'build', 'ide-runtime');
const appSrc = path.join(root, 'browser-app');

/** [source, destination inside out] */
const entries = [
    [process.execPath, 'node'],
    [path.join(root, 'sandboxes', 'runtime', 'dist', 'bundle', 'sandbox-entry.js'), 'sandbox-entry.js'],
    [path.join(appSrc, 'package.json'), 'app/package.json'],
    [path.join(appSrc, 'lib'), 'app/lib']
];

const required = [
    path.join(appSrc, 'lib', 'backend', 'main.js'),
    path.join(appSrc, 'lib', 'frontend', 'index.html'),
    path.join(appSrc, 'lib', 'backend', 'native', 'rg'),
    path.join(root, 'sandboxes', 'runtime', 'dist', 'bundle', 'sandbox-entry.js')
];
const missing = required.filter(file => !fs.existsSync(file));
if (missing.length > 0) {
    console.error(`assemble-ide-runtime: build first (npm run build); missing:\n  ${missing.join('\n  ')}`);
    process.exit(1);
}

const stats = { copied: 0, unchanged: 0, removed: 0 };

function syncFile(src, dest, srcStat) {
    const destStat = fs.statSync(dest, { throwIfNoEntry: false });
    if (destStat?.isFile() && destStat.size === srcStat.size && Math.abs(destStat.mtimeMs - srcStat.mtimeMs) < 2) {
        stats.unchanged++;
        return;
    }
    if (destStat) {
        fs.rmSync(dest, { recursive: true, force: true });
    }
    fs.copyFileSync(src, dest, fs.constants.COPYFILE_FICLONE);
    fs.chmodSync(dest, srcStat.mode & 0o755);
    fs.utimesSync(dest, srcStat.atime, srcStat.mtime);
    stats.copied++;
}

function sync(src, dest) {
    const srcStat = fs.statSync(src);
    if (!srcStat.isDirectory()) {
        syncFile(src, dest, srcStat);
        return;
    }
    const destStat = fs.statSync(dest, { throwIfNoEntry: false });
    if (destStat && !destStat.isDirectory()) {
        fs.rmSync(dest, { force: true });
    }
    fs.mkdirSync(dest, { recursive: true, mode: 0o755 });
    const names = new Set(fs.readdirSync(src));
    for (const name of fs.readdirSync(dest)) {
        if (!names.has(name)) {
            fs.rmSync(path.join(dest, name), { recursive: true, force: true });
            stats.removed++;
        }
    }
    for (const name of names) {
        sync(path.join(src, name), path.join(dest, name));
    }
}

function sizeOf(target) {
    const stat = fs.lstatSync(target);
    if (!stat.isDirectory()) {
        return stat.size;
    }
    return fs.readdirSync(target).reduce((sum, name) => sum + sizeOf(path.join(target, name)), 0);
}

const started = Date.now();
fs.mkdirSync(path.join(out, 'app'), { recursive: true, mode: 0o755 });
const BUILD_ID = '.build-id';
const wanted = new Set([BUILD_ID, ...entries.map(([, dest]) => dest.split('/')[0])]);
for (const name of fs.readdirSync(out)) {
    if (!wanted.has(name)) {
        fs.rmSync(path.join(out, name), { recursive: true, force: true });
        stats.removed++;
    }
}
for (const name of fs.readdirSync(path.join(out, 'app'))) {
    if (!entries.some(([, dest]) => dest === `app/${name}`)) {
        fs.rmSync(path.join(out, 'app', name), { recursive: true, force: true });
        stats.removed++;
    }
}
for (const [src, dest] of entries) {
    sync(src, path.join(out, dest));
}
// Changes whenever the content does: the deployable image copies the runtime out when it differs.
if (stats.copied || stats.removed || !fs.existsSync(path.join(out, BUILD_ID))) {
    fs.writeFileSync(path.join(out, BUILD_ID), `${new Date().toISOString()}\n`);
}

const mb = bytes => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
console.log(`assemble-ide-runtime: ${path.relative(root, out)}/ is ${mb(sizeOf(out))} ` +
    `(node ${mb(sizeOf(path.join(out, 'node')))}, app ${mb(sizeOf(path.join(out, 'app')))}); ` +
    `${stats.copied} copied, ${stats.unchanged} unchanged, ${stats.removed} removed in ${Date.now() - started} ms`);
