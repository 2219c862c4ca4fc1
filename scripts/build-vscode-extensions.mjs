#!/usr/bin/env node
// Builds the IDE's built-in VS Code extensions into build/plugins/ (assemble-ide-runtime.mjs puts them in
// build/ide-runtime/plugins/, which Theia loads as system plugins with --plugins=local-dir:/opt/ide/plugins).
//
// Each vscode-extensions/<name>/ is a plain extension folder, not a .vsix: Theia uses a folder in place, while a
// .vsix would be unpacked again at every sandbox start. For each one:
//   - src/extension.ts is type-checked and bundled with esbuild into dist/extension.js (`vscode` stays external);
//   - package.json is copied without its npm-only fields;
//   - language-configuration/, schemas/ and README.md are copied; a grammar path syntaxes/NAME.json that the
//     folder does not hold comes from the `tm-grammars` package, with its licence notice;
//   - the closure of its `dependencies` (the language servers) is copied from node_modules, keeping npm's layout,
//     so the servers run as installed. devDependencies are only for the build.
// Third-party extensions that npm ships ready to run (the Git extension) are copied as they are.
//
// Usage (from the repo root, after npm ci): node scripts/build-vscode-extensions.mjs

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceRoot = path.join(root, 'vscode-extensions');
const out = path.join(root, 'build', 'plugins');
const require = createRequire(import.meta.url);

/** npm packages that are finished VS Code extensions: package → folder name and the manifest fields we set. */
const THIRD_PARTY = [
    // Its manifest says publisher "vscode" and name "@theia/vscode-builtin-git"; other extensions ask for vscode.git.
    { package: '@theia/vscode-builtin-git', folder: 'vscode.git', manifest: { name: 'git' } }
];

/** Files a built-in takes from elsewhere in the repository: [source, destination inside the extension]. */
const SHARED_FILES = {
    'ide-language-servers': [['extensions/quality-gates/schema/gates.schema.json', 'schemas/gates.schema.json']]
};

const COPIED_ENTRIES = ['language-configuration', 'schemas', 'servers.json', 'README.md'];
const NPM_ONLY_FIELDS = ['dependencies', 'devDependencies', 'private', 'scripts', 'workspaces'];

function copy(src, dest) {
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.cpSync(src, dest, { recursive: true, preserveTimestamps: true, dereference: true });
}

function writeIfChanged(file, content) {
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
    }
}

// ---------------------------------------------------------------------------------------------
// Code

function bundle(dir, dest, manifest) {
    const entry = path.join(dir, 'src', 'extension.ts');
    if (!manifest.main || !fs.existsSync(entry)) {
        return;
    }
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.json')], { stdio: 'inherit' });
    const esbuild = require('esbuild');
    esbuild.buildSync({
        entryPoints: [entry],
        outfile: path.join(dest, manifest.main),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node22',
        external: ['vscode'],
        logLevel: 'warning'
    });
}

// ---------------------------------------------------------------------------------------------
// Grammars from tm-grammars

async function tmGrammars() {
    const dir = findPackage('tm-grammars', root);
    const version = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
    // The package is ESM only; it exports `grammars` and `injections`, each a list of { name, scopeName, source, … }.
    const { grammars, injections } = await import('tm-grammars');
    return { dir, version, info: new Map([...grammars, ...injections].map(grammar => [grammar.name, grammar])) };
}

/** The NOTICE sections of tm-grammars that name the given grammar files. */
function grammarNotices(noticeText, files) {
    const sections = noticeText.split(/^={20,}$/m);
    return sections.filter(section => {
        const named = /^Files:\s*(.+)$/m.exec(section)?.[1].split(',').map(name => name.trim()) ?? [];
        return named.some(name => files.includes(name));
    }).map(section => section.trim());
}

async function copyGrammars(dir, dest, manifest) {
    const grammars = manifest.contributes?.grammars ?? [];
    const fromPackage = grammars.map(grammar => grammar.path).filter(file => !fs.existsSync(path.join(dir, file)));
    if (fromPackage.length === 0) {
        return;
    }
    const tm = await tmGrammars();
    const files = [];
    for (const file of fromPackage) {
        const name = path.basename(file, '.json');
        if (!tm.info.has(name)) {
            throw new Error(`${manifest.name}: ${file} is neither in the extension nor a tm-grammars grammar`);
        }
        copy(path.join(tm.dir, 'grammars', `${name}.json`), path.join(dest, file));
        files.push(`${name}.json`);
    }
    const notices = grammarNotices(fs.readFileSync(path.join(tm.dir, 'NOTICE'), 'utf8'), files);
    const unlisted = files.filter(file => !notices.some(notice => notice.includes(file)))
        .map(file => `${file}: ${tm.info.get(path.basename(file, '.json')).source}`);
    writeIfChanged(path.join(dest, 'THIRD_PARTY_NOTICES.md'), [
        `The grammars in syntaxes/ come from the npm package tm-grammars ${tm.version}`,
        `(${fs.readFileSync(path.join(tm.dir, 'LICENSE'), 'utf8').split('\n')[0].trim()}), which collects them from their projects.`,
        'Their licences, as tm-grammars records them:', '', ...notices, '',
        ...(unlisted.length ? ['Grammars tm-grammars lists without a licence notice (their source):', ...unlisted, ''] : [])
    ].join('\n'));
}

// ---------------------------------------------------------------------------------------------
// Dependencies (the language servers)

/** Where Node would find `name` from `fromDir`: the nearest node_modules/name up the tree. */
function findPackage(name, fromDir) {
    for (let dir = fromDir; ; dir = path.dirname(dir)) {
        const candidate = path.join(dir, 'node_modules', name);
        if (fs.existsSync(path.join(candidate, 'package.json'))) {
            return fs.realpathSync(candidate);
        }
        if (dir === path.dirname(dir)) {
            return undefined;
        }
    }
}

/** The package's place in the copied tree: its path from the first node_modules/ (repo root or a workspace's). */
function layoutPath(packageDir) {
    const relative = path.relative(root, packageDir).split(path.sep);
    return relative.slice(relative.indexOf('node_modules')).join('/');
}

function dependencyClosure(names, fromDir, found = new Map()) {
    for (const name of names) {
        const dir = findPackage(name, fromDir);
        if (!dir) {
            throw new Error(`dependency ${name} (needed from ${path.relative(root, fromDir)}) is not installed: run npm ci`);
        }
        const place = layoutPath(dir);
        if (found.has(place)) {
            if (found.get(place) !== dir) {
                throw new Error(`two packages would land in ${place}: ${found.get(place)} and ${dir}`);
            }
            continue;
        }
        found.set(place, dir);
        const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
        const optional = Object.keys(manifest.optionalDependencies ?? {}).filter(dep => findPackage(dep, dir));
        dependencyClosure([...Object.keys(manifest.dependencies ?? {}), ...optional], dir, found);
    }
    return found;
}

/** A package copied before is kept when its manifest is the same file (npm rewrites it on every install). */
function isSameCopy(packageDir, dest) {
    const copied = fs.statSync(path.join(dest, 'package.json'), { throwIfNoEntry: false });
    const source = fs.statSync(path.join(packageDir, 'package.json'));
    return copied !== undefined && copied.size === source.size && Math.abs(copied.mtimeMs - source.mtimeMs) < 2;
}

function removeStalePackages(modulesDir, wanted, prefix = 'node_modules') {
    for (const name of fs.existsSync(modulesDir) ? fs.readdirSync(modulesDir) : []) {
        const names = name.startsWith('@') ? fs.readdirSync(path.join(modulesDir, name)).map(inner => `${name}/${inner}`) : [name];
        for (const packageName of names) {
            const place = `${prefix}/${packageName}`;
            if (![...wanted].some(kept => kept === place || kept.startsWith(`${place}/`))) {
                fs.rmSync(path.join(modulesDir, packageName), { recursive: true, force: true });
            } else if (fs.existsSync(path.join(modulesDir, packageName, 'node_modules'))) {
                removeStalePackages(path.join(modulesDir, packageName, 'node_modules'), wanted, `${place}/node_modules`);
            }
        }
    }
}

function copyDependencies(dir, dest, manifest) {
    const names = Object.keys(manifest.dependencies ?? {});
    if (names.length === 0) {
        return 0;
    }
    const closure = dependencyClosure(names, dir);
    for (const [place, packageDir] of closure) {
        if (!isSameCopy(packageDir, path.join(dest, place))) {
            fs.rmSync(path.join(dest, place), { recursive: true, force: true });
            copy(packageDir, path.join(dest, place));
        }
    }
    removeStalePackages(path.join(dest, 'node_modules'), new Set(closure.keys()));
    return closure.size;
}

// ---------------------------------------------------------------------------------------------

async function buildOwn(dir) {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const folder = `${manifest.publisher}.${manifest.name}`;
    const dest = path.join(out, folder);
    bundle(dir, dest, manifest);
    for (const entry of COPIED_ENTRIES) {
        if (fs.existsSync(path.join(dir, entry))) {
            copy(path.join(dir, entry), path.join(dest, entry));
        }
    }
    for (const [src, target] of SHARED_FILES[manifest.name] ?? []) {
        copy(path.join(root, src), path.join(dest, target));
    }
    await copyGrammars(dir, dest, manifest);
    const packages = copyDependencies(dir, dest, manifest);
    const shipped = Object.fromEntries(Object.entries(manifest).filter(([key]) => !NPM_ONLY_FIELDS.includes(key)));
    writeIfChanged(path.join(dest, 'package.json'), JSON.stringify(shipped, undefined, 2) + '\n');
    return `${folder}${packages ? ` (${packages} npm packages)` : ''}`;
}

function buildThirdParty({ package: name, folder, manifest: overrides }) {
    const dir = findPackage(name, root);
    const dest = path.join(out, folder);
    copy(dir, dest);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    writeIfChanged(path.join(dest, 'package.json'), JSON.stringify({ ...manifest, ...overrides }, undefined, 2) + '\n');
    return `${folder} (${name} ${manifest.version})`;
}

const started = Date.now();
fs.mkdirSync(out, { recursive: true });
const own = fs.readdirSync(sourceRoot).filter(name => fs.existsSync(path.join(sourceRoot, name, 'package.json')));
let built;
try {
    built = [];
    for (const name of own) {
        built.push(await buildOwn(path.join(sourceRoot, name)));
    }
    built.push(...THIRD_PARTY.map(buildThirdParty));
} catch (error) {
    console.error(`build-vscode-extensions: ${error.message.split('\n')[0]}`);
    process.exit(1);
}
const expected = new Set(built.map(line => line.split(' ')[0]));
for (const name of fs.readdirSync(out)) {
    if (!expected.has(name)) {
        fs.rmSync(path.join(out, name), { recursive: true, force: true });
    }
}
console.log(`build-vscode-extensions: ${built.join(', ')} in ${Date.now() - started} ms`);
