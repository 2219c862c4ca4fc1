import * as fs from 'fs/promises';
import * as path from 'path';
import { createTwoFilesPatch } from 'diff';
import { FileDecision, TaskFileChange } from '../common/ai-task-types';
import { ScratchChange, ScratchCopy } from './scratch-copy';

/** Larger files are compared by hash only: their diff just says they changed. */
export const MAX_DIFFED_FILE_BYTES = 2 * 1024 * 1024;
/** Longest diff text kept per file. */
export const MAX_DIFF_CHARS = 256 * 1024;
const DIFF_TIMEOUT_MS = 3000;

/** The proposed change of each file, diffed against the workspace as it is now, with earlier decisions kept. */
export async function describeChangeSet(
    scratch: ScratchCopy, changes: ScratchChange[], previous: TaskFileChange[] = []
): Promise<TaskFileChange[]> {
    const before = new Map(previous.map(file => [file.path, file]));
    const files: TaskFileChange[] = [];
    for (const { path: relative, change } of changes) {
        const earlier = before.get(relative);
        const current = await readSide(path.join(scratch.workspaceRoot, relative));
        const proposed = change === 'deleted' ? emptySide() : await readSide(path.join(scratch.root, relative));
        const stale = await scratch.isStale(relative);
        const decision: FileDecision = earlier?.decision ?? 'accepted';
        files.push({
            path: relative,
            change,
            ...unifiedDiff(relative, change, current, proposed),
            stale,
            decision,
            ...(stale && earlier?.overrideStale && { overrideStale: true })
        });
    }
    return files;
}

interface Side {
    exists: boolean;
    text: string;
    binary: boolean;
    tooLarge: boolean;
}

function emptySide(): Side {
    return { exists: false, text: '', binary: false, tooLarge: false };
}

async function readSide(file: string): Promise<Side> {
    const stat = await fs.lstat(file).catch(() => undefined);
    if (!stat) {
        return emptySide();
    }
    if (stat.isSymbolicLink()) {
        return { exists: true, text: `symlink to ${await fs.readlink(file)}\n`, binary: false, tooLarge: false };
    }
    if (!stat.isFile()) {
        return emptySide();
    }
    if (stat.size > MAX_DIFFED_FILE_BYTES) {
        return { exists: true, text: '', binary: false, tooLarge: true };
    }
    const data = await fs.readFile(file);
    const binary = data.subarray(0, 8192).includes(0);
    return { exists: true, text: binary ? '' : data.toString('utf8'), binary, tooLarge: false };
}

function unifiedDiff(relative: string, change: ScratchChange['change'], current: Side, proposed: Side):
    Pick<TaskFileChange, 'diff' | 'additions' | 'deletions' | 'binary'> {
    const binary = current.binary || proposed.binary;
    if (binary || current.tooLarge || proposed.tooLarge) {
        return { diff: `${binary ? 'Binary' : 'Large'} file ${relative} ${change}\n`, additions: 0, deletions: 0, binary };
    }
    const oldName = current.exists ? `a/${relative}` : '/dev/null';
    const newName = proposed.exists ? `b/${relative}` : '/dev/null';
    const patch = createTwoFilesPatch(oldName, newName, current.text, proposed.text, undefined, undefined, { context: 3, timeout: DIFF_TIMEOUT_MS });
    if (patch === undefined) {
        return { diff: `The diff of ${relative} took too long to compute; open it in the diff editor.\n`, additions: 0, deletions: 0, binary: false };
    }
    const lines = patch.split('\n');
    const body = lines.slice(lines.findIndex(line => line.startsWith('@@')));
    const additions = body.filter(line => line.startsWith('+')).length;
    const deletions = body.filter(line => line.startsWith('-')).length;
    const text = patch.startsWith('===') ? patch.slice(patch.indexOf('\n') + 1) : patch;
    return {
        diff: text.length > MAX_DIFF_CHARS ? `${text.slice(0, MAX_DIFF_CHARS)}\n… diff cut at ${MAX_DIFF_CHARS} characters\n` : text,
        additions,
        deletions,
        binary: false
    };
}
