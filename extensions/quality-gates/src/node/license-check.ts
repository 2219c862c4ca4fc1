import * as fs from 'fs/promises';
import * as path from 'path';
import spdxCorrect = require('spdx-correct');
import spdxSatisfies = require('spdx-satisfies');
import { GateFinding } from '../common/gate-results';

export const DEFAULT_ALLOWED_LICENSES = [
    'MIT', 'ISC', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD', 'CC0-1.0', 'Unlicense',
    'BlueOak-1.0.0', 'Python-2.0', 'CC-BY-4.0'
];

export interface LicenseCheckOptions {
    /** SPDX ids (simple ids, `id+`, `id WITH exception`); default DEFAULT_ALLOWED_LICENSES. */
    allow?: string[];
    /** Package names not checked. */
    ignorePackages?: string[];
    signal?: AbortSignal;
}

export interface LicenseCheckResult {
    /** One per package name and version whose license is not allowed, unknown or missing. */
    findings: GateFinding[];
    /** Installed package copies read. */
    packagesChecked: number;
    /** False when root has no node_modules. */
    installed: boolean;
}

export class InvalidAllowListError extends Error {
    override readonly name = 'InvalidAllowListError';
}

interface InstalledPackage {
    /** Relative to root, `/`-separated. */
    manifest: string;
    text: string;
}

/**
 * Checks the license of every package installed under root's node_modules (nested and scoped
 * ones too; symlinked workspace packages are not) against the allow list.
 */
export async function checkLicenses(root: string, options: LicenseCheckOptions = {}): Promise<LicenseCheckResult> {
    const allow = normalizeAllowList(options.allow ?? DEFAULT_ALLOWED_LICENSES);
    const ignored = new Set(options.ignorePackages ?? []);
    const result: LicenseCheckResult = { findings: [], packagesChecked: 0, installed: await isDirectory(path.join(root, 'node_modules')) };
    const reported = new Set<string>();
    for await (const installed of installedPackages(root, 'node_modules', options.signal)) {
        result.packagesChecked++;
        let manifest: Record<string, unknown>;
        try {
            manifest = JSON.parse(installed.text);
        } catch {
            continue; // not a package
        }
        const name = typeof manifest.name === 'string' ? manifest.name : path.posix.basename(path.posix.dirname(installed.manifest));
        const version = typeof manifest.version === 'string' ? manifest.version : '?';
        if (ignored.has(name) || reported.has(`${name}@${version}`)) {
            continue;
        }
        const problem = licenseProblem(declaredLicense(manifest), allow);
        if (problem) {
            reported.add(`${name}@${version}`);
            result.findings.push({
                file: installed.manifest,
                line: lineOf(installed.text, /"licen[sc]es?"\s*:/),
                message: `${name}@${version}: ${problem.message}`,
                severity: 'error',
                rule: problem.rule
            });
        }
    }
    result.findings.sort((a, b) => a.message.localeCompare(b.message));
    return result;
}

/** Corrects sloppy ids ("Apache 2.0" → "Apache-2.0"); throws InvalidAllowListError for what cannot be read. */
export function normalizeAllowList(allow: string[]): string[] {
    return allow.map(id => {
        const corrected = isValidAllowEntry(id) ? id : spdxCorrect(id);
        if (!corrected || !isValidAllowEntry(corrected)) {
            throw new InvalidAllowListError(`allow: ${JSON.stringify(id)} is not an SPDX license id`);
        }
        return corrected;
    });
}

function isValidAllowEntry(id: string): boolean {
    try {
        spdxSatisfies(id, [id]);
        return !/\s(AND|OR)\s/i.test(id);
    } catch {
        return false;
    }
}

/** The license expression a manifest declares: `license` (string or legacy object) or legacy `licenses` array. */
export function declaredLicense(manifest: Record<string, unknown>): string | undefined {
    const typeOf = (value: unknown) =>
        typeof value === 'string' ? value : typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
            ? (value as { type: string }).type : undefined;
    const license = typeOf(manifest.license);
    if (license?.trim()) {
        return license.trim();
    }
    if (Array.isArray(manifest.licenses)) {
        const types = manifest.licenses.map(typeOf).filter((type): type is string => !!type?.trim());
        if (types.length > 0) {
            return types.length === 1 ? types[0] : `(${types.join(' OR ')})`;
        }
    }
    return undefined;
}

export function licenseProblem(license: string | undefined, allow: string[]): { rule: string; message: string } | undefined {
    if (license === undefined) {
        return { rule: 'license-missing', message: 'declares no license' };
    }
    if (/^UNLICENSED$/i.test(license)) {
        return { rule: 'license-unknown', message: 'is UNLICENSED (proprietary, no permission to use)' };
    }
    if (/^SEE LICEN[CS]E IN /i.test(license)) {
        return { rule: 'license-unknown', message: `has a custom license (${license}): review it, then list the package in ignorePackages` };
    }
    const expression = readableExpression(license);
    if (expression === undefined) {
        return { rule: 'license-unknown', message: `has a license that is not an SPDX expression: ${JSON.stringify(license)}` };
    }
    if (!spdxSatisfies(expression, allow)) {
        return { rule: 'license-not-allowed', message: `license ${expression} is not in the allow list (${allow.join(', ')})` };
    }
    return undefined;
}

function readableExpression(license: string): string | undefined {
    for (const candidate of [license, spdxCorrect(license)]) {
        if (candidate) {
            try {
                spdxSatisfies(candidate, ['MIT']);
                return candidate;
            } catch {
                // try the corrected one
            }
        }
    }
    return undefined;
}

async function* installedPackages(root: string, nodeModules: string, signal?: AbortSignal): AsyncGenerator<InstalledPackage> {
    for (const name of await directoryNames(path.join(root, nodeModules))) {
        signal?.throwIfAborted();
        if (name.startsWith('.')) {
            continue;
        }
        const packageDirs = name.startsWith('@')
            ? (await directoryNames(path.join(root, nodeModules, name))).map(scoped => `${nodeModules}/${name}/${scoped}`)
            : [`${nodeModules}/${name}`];
        for (const packageDir of packageDirs) {
            const manifest = `${packageDir}/package.json`;
            const text = await fs.readFile(path.join(root, manifest), 'utf8').catch(() => undefined);
            if (text !== undefined) {
                yield { manifest, text };
            }
            yield* installedPackages(root, `${packageDir}/node_modules`, signal);
        }
    }
}

/** Real directories only: symlinks (workspace packages, `npm link`) are not followed. */
async function directoryNames(directory: string): Promise<string[]> {
    try {
        return (await fs.readdir(directory, { withFileTypes: true })).filter(entry => entry.isDirectory()).map(entry => entry.name).sort();
    } catch {
        return [];
    }
}

async function isDirectory(directory: string): Promise<boolean> {
    return fs.stat(directory).then(stat => stat.isDirectory(), () => false);
}

function lineOf(text: string, pattern: RegExp): number {
    const index = text.search(pattern);
    return index < 0 ? 1 : text.slice(0, index).split('\n').length;
}
