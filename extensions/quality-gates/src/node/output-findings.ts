import * as fs from 'fs';
import * as path from 'path';
import { FindingSeverity, GateFinding } from '../common/gate-results';

/*
 * file:line findings in the output of common tools. A candidate counts only when its file
 * exists (relative to the command's cwd or the project root, or absolute), which keeps URLs,
 * timestamps and the like out.
 */

const ANSI_ESCAPE = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g;

/** tsc: `src/a.ts(3,7): error TS2322: Type …` */
const TSC = /^(?<file>[^\s(][^()]*?)\((?<line>\d+),(?<column>\d+)\): (?<severity>error|warning|info) (?<rule>TS\d+): (?<message>.+)$/;
/** tsc --pretty: `src/a.ts:3:7 - error TS2322: Type …` */
const TSC_PRETTY = /^(?<file>\S+?):(?<line>\d+):(?<column>\d+) - (?<severity>error|warning|info) (?<rule>TS\d+): (?<message>.+)$/;
/** gcc, clang, eslint -f unix, go vet, pytest, mypy: `file:line[:col]: [error:] message` */
const COLON_STYLE = /^\s*(?<file>[^\s:][^:]*?):(?<line>\d+):(?:(?<column>\d+):)?\s*(?:(?<severity>fatal error|error|warning|note|info)\s*:\s*)?(?<message>\S.*)$/;
/** eslint's default "stylish" format: a file line, then `  3:7  error  message  rule-id` */
const STYLISH_ENTRY = /^\s+(?<line>\d+):(?<column>\d+)\s+(?<severity>error|warning)\s+(?<message>.+?)(?:\s{2,}(?<rule>[\w@/-]+))?\s*$/;
/** rustc/cargo: `error[E0308]: mismatched types` then `  --> src/main.rs:2:5` */
const RUST_HEADER = /^(?<severity>error|warning)(?:\[(?<rule>\w+)\])?: (?<message>.+)$/;
const RUST_LOCATION = /^\s*--> (?<file>[^:]+):(?<line>\d+):(?<column>\d+)$/;

/**
 * Findings in output. `root` is the project root (finding paths become relative to it), `cwd`
 * the command's working directory; `defaultSeverity` applies where the tool does not say.
 */
export function parseOutputFindings(output: string, root: string, cwd: string, defaultSeverity: FindingSeverity = 'error'): GateFinding[] {
    const findings: GateFinding[] = [];
    const seen = new Set<string>();
    const existing = new Map<string, string | undefined>();
    const locate = (file: string): string | undefined => {
        if (!existing.has(file)) {
            existing.set(file, findFile(file, root, cwd));
        }
        return existing.get(file);
    };
    const add = (file: string | undefined, groups: Record<string, string | undefined>) => {
        const located = file === undefined ? undefined : locate(file);
        if (located === undefined) {
            return false;
        }
        const finding: GateFinding = {
            file: located,
            line: Number(groups.line),
            ...(groups.column !== undefined && { column: Number(groups.column) }),
            message: groups.message!.trim(),
            severity: severityOf(groups.severity, defaultSeverity),
            ...(groups.rule && { rule: groups.rule })
        };
        const key = `${finding.file}:${finding.line}:${finding.column}:${finding.message}`;
        if (!seen.has(key)) {
            seen.add(key);
            findings.push(finding);
        }
        return true;
    };

    let stylishFile: string | undefined;
    let rustHeader: Record<string, string | undefined> | undefined;
    for (const rawLine of output.replace(ANSI_ESCAPE, '').split(/\r?\n/)) {
        const line = rawLine.trimEnd();
        if (line === '') {
            stylishFile = undefined;
            continue;
        }
        const stylish = stylishFile !== undefined ? STYLISH_ENTRY.exec(line) : null;
        if (stylish) {
            add(stylishFile, stylish.groups!);
            continue;
        }
        const rustLocation = RUST_LOCATION.exec(line);
        if (rustLocation && rustHeader) {
            add(rustLocation.groups!.file, { ...rustHeader, ...rustLocation.groups, message: rustHeader.message, severity: rustHeader.severity });
            rustHeader = undefined;
            continue;
        }
        const rust = RUST_HEADER.exec(line);
        if (rust) {
            rustHeader = rust.groups!;
            continue;
        }
        const match = TSC.exec(line) ?? TSC_PRETTY.exec(line) ?? COLON_STYLE.exec(line);
        if (match && add(match.groups!.file, match.groups!)) {
            continue;
        }
        if (!/^\s/.test(line) && locate(line) !== undefined) {
            stylishFile = line;
        }
    }
    return findings;
}

function severityOf(word: string | undefined, fallback: FindingSeverity): FindingSeverity {
    switch (word) {
        case 'error':
        case 'fatal error':
            return 'error';
        case 'warning':
            return 'warning';
        case 'note':
        case 'info':
            return 'info';
        default:
            return fallback;
    }
}

/** The file relative to root (or absolute when outside it), if it exists. */
function findFile(file: string, root: string, cwd: string): string | undefined {
    if (file.length > 1024 || file.includes('\0')) {
        return undefined;
    }
    const candidates = path.isAbsolute(file) ? [file] : [path.resolve(cwd, file), path.resolve(root, file)];
    for (const candidate of candidates) {
        try {
            if (fs.statSync(candidate).isFile()) {
                const relative = path.relative(root, candidate);
                return relative.startsWith('..') || path.isAbsolute(relative) ? candidate : relative.split(path.sep).join('/');
            }
        } catch {
            // not this one
        }
    }
    return undefined;
}
