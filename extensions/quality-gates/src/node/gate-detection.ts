import * as fs from 'fs/promises';
import * as path from 'path';
import { PlannedCommandGate } from './command-gate';
import { DEFAULT_COMMAND_TIMEOUT_SECONDS } from './gate-config-fields';

/*
 * Which gates a project gets without `.ide/gates.json`: its own check commands, found in
 * package.json scripts, tsconfig.json, a Makefile, pyproject.toml, go.mod and Cargo.toml.
 */

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

interface PackageJson {
    scripts?: Record<string, unknown>;
    dependencies?: Record<string, unknown>;
}

const NPM_DEFAULT_TEST_SCRIPT = /no test specified/;
const TYPECHECK_SCRIPTS = ['typecheck', 'type-check', 'check-types'];
const MAKE_TARGETS = ['build', 'typecheck', 'lint', 'test', 'check'];

/** The command gates detected in root, in the order build, typecheck, lint, test per ecosystem. */
export async function detectCommandGates(root: string): Promise<PlannedCommandGate[]> {
    const gates: PlannedCommandGate[] = [];
    const taken = () => new Set(gates.map(gate => gate.name));
    const add = (name: string, command: string, extra: Partial<PlannedCommandGate> = {}, prefix?: string) => {
        const unique = taken().has(name) && prefix ? `${prefix}-${name}` : name;
        if (!taken().has(unique)) {
            gates.push({ kind: 'command', name: unique, command, source: 'detected', timeoutSeconds: DEFAULT_COMMAND_TIMEOUT_SECONDS, parallel: false, ...extra });
        }
    };

    const packageJson = await readPackageJson(root);
    const hasTsconfig = await exists(path.join(root, 'tsconfig.json'));
    if (packageJson || hasTsconfig) {
        const manager = await detectPackageManager(root);
        const scripts = stringScripts(packageJson?.scripts);
        if (scripts.build) {
            add('build', runScript(manager, 'build'));
        }
        const typecheckScript = TYPECHECK_SCRIPTS.find(name => scripts[name]);
        if (typecheckScript) {
            add('typecheck', runScript(manager, typecheckScript));
        } else if (hasTsconfig) {
            add('typecheck', `${execPrefix(manager)} tsc --noEmit`);
        }
        if (scripts.lint) {
            add('lint', runScript(manager, 'lint'));
        }
        if (scripts.test && !NPM_DEFAULT_TEST_SCRIPT.test(scripts.test)) {
            const related = relatedTestsCommand(manager, scripts.test);
            add('test', runScript(manager, 'test'), related ? { relatedTestsCommand: related } : {});
        }
    }

    const makefile = await readText(path.join(root, 'Makefile')) ?? await readText(path.join(root, 'makefile'));
    if (makefile !== undefined) {
        const targets = makeTargets(makefile);
        for (const target of MAKE_TARGETS.filter(name => targets.has(name))) {
            add(target, `make ${target}`);
        }
    }

    const pyproject = await readText(path.join(root, 'pyproject.toml'));
    if (pyproject !== undefined || await exists(path.join(root, 'pytest.ini'))) {
        if (pyproject !== undefined && /^\[tool\.mypy\]/m.test(pyproject)) {
            add('typecheck', 'python3 -m mypy .', {}, 'python');
        }
        if (pyproject !== undefined && /^\[tool\.ruff/m.test(pyproject)) {
            add('lint', 'ruff check .', {}, 'python');
        }
        if (pyproject === undefined || /pytest/.test(pyproject)) {
            add('test', 'python3 -m pytest -q', {}, 'python');
        }
    }

    if (await exists(path.join(root, 'go.mod'))) {
        add('build', 'go build ./...', {}, 'go');
        add('lint', 'go vet ./...', {}, 'go');
        add('test', 'go test ./...', {}, 'go');
    }

    if (await exists(path.join(root, 'Cargo.toml'))) {
        add('build', 'cargo build', {}, 'cargo');
        add('test', 'cargo test', {}, 'cargo');
    }
    return gates;
}

export async function hasDependencies(root: string): Promise<boolean> {
    const dependencies = (await readPackageJson(root))?.dependencies;
    return typeof dependencies === 'object' && dependencies !== null && Object.keys(dependencies).length > 0;
}

/** From the lockfile present; npm when there is none. */
export async function detectPackageManager(root: string): Promise<PackageManager> {
    const lockfiles: [string, PackageManager][] = [
        ['pnpm-lock.yaml', 'pnpm'], ['yarn.lock', 'yarn'], ['bun.lockb', 'bun'], ['bun.lock', 'bun'],
        ['package-lock.json', 'npm'], ['npm-shrinkwrap.json', 'npm']
    ];
    for (const [file, manager] of lockfiles) {
        if (await exists(path.join(root, file))) {
            return manager;
        }
    }
    return 'npm';
}

function runScript(manager: PackageManager, script: string): string {
    return `${manager} run ${script}`;
}

function execPrefix(manager: PackageManager): string {
    return { npm: 'npx', pnpm: 'pnpm exec', yarn: 'yarn', bun: 'bunx' }[manager];
}

/** Jest and Vitest can run only the tests that depend on given files. */
function relatedTestsCommand(manager: PackageManager, testScript: string): string | undefined {
    const runner = testScript.trim().split(/\s+/)[0];
    if (runner === 'jest') {
        return `${execPrefix(manager)} jest --findRelatedTests --passWithNoTests {files}`;
    }
    if (runner === 'vitest') {
        return `${execPrefix(manager)} vitest related --run --passWithNoTests {files}`;
    }
    return undefined;
}

function makeTargets(makefile: string): Set<string> {
    const targets = new Set<string>();
    for (const match of makefile.matchAll(/^([A-Za-z0-9_.-]+(?:[ \t]+[A-Za-z0-9_.-]+)*)[ \t]*:(?![=:])/gm)) {
        for (const target of match[1].split(/[ \t]+/)) {
            targets.add(target);
        }
    }
    return targets;
}

function stringScripts(scripts: unknown): Record<string, string> {
    if (typeof scripts !== 'object' || scripts === null) {
        return {};
    }
    return Object.fromEntries(Object.entries(scripts).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== ''));
}

async function readPackageJson(root: string): Promise<PackageJson | undefined> {
    const text = await readText(path.join(root, 'package.json'));
    if (text === undefined) {
        return undefined;
    }
    try {
        const json = JSON.parse(text);
        return typeof json === 'object' && json !== null ? json : undefined;
    } catch {
        return undefined;
    }
}

async function readText(file: string): Promise<string | undefined> {
    try {
        return await fs.readFile(file, 'utf8');
    } catch {
        return undefined;
    }
}

async function exists(file: string): Promise<boolean> {
    try {
        await fs.access(file);
        return true;
    } catch {
        return false;
    }
}
