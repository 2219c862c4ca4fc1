import * as fs from 'fs/promises';
import * as path from 'path';
import picomatch = require('picomatch');
import { lintSource } from '@secretlint/core';
import * as recommendedPreset from '@secretlint/secretlint-rule-preset-recommend';
import { GateFinding } from '../common/gate-results';
import { SKIPPED_DIRECTORIES, walkFiles } from './file-walk';
import { maskSecret, maskSecretsInMessage } from './secret-masking';

/** Larger files are not scanned. */
export const MAX_SCANNED_FILE_BYTES = 1024 * 1024;

/** Always skipped: the gate history holds command output, which is scanned where it comes from. */
export const ALWAYS_IGNORED = ['.ide/gates/**'];

const PRESET_ID = '@secretlint/secretlint-rule-preset-recommend';
const FILES_IN_FLIGHT = 8;

/** The recommended preset as a module, with the AWS access key id scan switched on (it is off by default). */
const SECRETLINT_CONFIG: Parameters<typeof lintSource>[0]['options']['config'] = {
    rules: [{
        id: PRESET_ID,
        rule: recommendedPreset.creator,
        rules: [{ id: '@secretlint/secretlint-rule-aws', options: { enableIDScanRule: true } }]
    }]
};

export interface SecretScanOptions {
    /** Scan only these files (relative to root); missing ones are passed over. Default: the whole tree. */
    files?: string[];
    /** Globs relative to root; a pattern without "/" matches a file name anywhere. */
    ignore?: string[];
    signal?: AbortSignal;
}

export interface SecretScanResult {
    /** Each with file:line:column, the rule id, and the secret masked. */
    findings: GateFinding[];
    filesScanned: number;
    /** Binary files, files over MAX_SCANNED_FILE_BYTES, and changed files that no longer exist. */
    filesSkipped: number;
}

/**
 * Scans a directory (or some files in it) for secrets with secretlint's recommended rules.
 * Skips .git, node_modules, binary files and files over 1 MiB. Never returns a secret itself.
 */
export async function scanSecrets(root: string, options: SecretScanOptions = {}): Promise<SecretScanResult> {
    const patterns = [...ALWAYS_IGNORED, ...(options.ignore ?? [])].map(glob => glob.includes('/') ? glob.replace(/^\.?\//, '') : `**/${glob}`);
    const ignored = picomatch(patterns, { dot: true });
    const exclude = (relative: string) => ignored(relative.replace(/\/$/, ''));
    const files = options.files
        ? listedFiles(root, options.files, exclude)
        : walkFiles(root, exclude, options.signal);
    const result: SecretScanResult = { findings: [], filesScanned: 0, filesSkipped: 0 };
    const inFlight = new Set<Promise<void>>();
    for await (const file of files) {
        options.signal?.throwIfAborted();
        const scan = scanFile(root, file, result).finally(() => inFlight.delete(scan));
        inFlight.add(scan);
        if (inFlight.size >= FILES_IN_FLIGHT) {
            await Promise.race(inFlight);
        }
    }
    await Promise.all(inFlight);
    result.findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
    return result;
}

async function* listedFiles(root: string, files: string[], exclude: (relative: string) => boolean): AsyncGenerator<string> {
    const seen = new Set<string>();
    for (const file of files) {
        const relative = path.relative(root, path.resolve(root, file)).split(path.sep).join('/');
        if (relative.startsWith('..') || path.isAbsolute(relative) || seen.has(relative) || exclude(relative)) {
            continue;
        }
        if (relative.split('/').some(part => SKIPPED_DIRECTORIES.has(part))) {
            continue;
        }
        seen.add(relative);
        yield relative;
    }
}

async function scanFile(root: string, relative: string, result: SecretScanResult): Promise<void> {
    const content = await readTextFile(path.join(root, relative));
    if (content === undefined) {
        result.filesSkipped++;
        return;
    }
    result.filesScanned++;
    const linted = await lintSource({
        source: { content, filePath: path.join(root, relative), contentType: 'text' },
        options: { config: SECRETLINT_CONFIG, maskSecrets: true }
    });
    for (const message of linted.messages) {
        const secret = content.slice(message.range[0], message.range[1]);
        result.findings.push({
            file: relative,
            line: message.loc.start.line,
            column: message.loc.start.column + 1,
            message: maskSecretsInMessage(message.message, maskSecret(secret)),
            severity: message.severity === 'warning' ? 'warning' : message.severity === 'info' ? 'info' : 'error',
            rule: message.ruleId
        });
    }
}

/** The file's text, or undefined when it is missing, not a regular file, too large, or binary (has a NUL byte). */
async function readTextFile(file: string): Promise<string | undefined> {
    try {
        const stat = await fs.lstat(file);
        if (!stat.isFile() || stat.size > MAX_SCANNED_FILE_BYTES) {
            return undefined;
        }
        const bytes = await fs.readFile(file);
        if (bytes.subarray(0, 8192).includes(0)) {
            return undefined;
        }
        return bytes.toString('utf8');
    } catch {
        return undefined;
    }
}
