import * as fs from 'fs/promises';
import * as path from 'path';
import { ToolError } from './tool-error';

export const DEFAULT_WORKSPACE_DIR = '/workspace';

/** Symlink hops followed when resolving a path whose last links dangle, like the kernel's limit. */
const MAX_SYMLINK_HOPS = 40;

export interface WorkspacePath {
    /** The argument it came from, for messages: "path", "cwd"… */
    argument: string;
    /** What the caller wrote. */
    input: string;
    /** The real path (symlinks resolved) inside the workspace; the file may not exist yet. */
    absolute: string;
    /** Relative to the workspace root, '.' for the root itself. */
    relative: string;
}

export function workspaceRootFromEnv(env: NodeJS.ProcessEnv = process.env): string {
    return path.resolve(env.IDE_WORKSPACE_DIR || DEFAULT_WORKSPACE_DIR);
}

/**
 * Confines path arguments to the workspace root: refuses `..` escapes, absolute paths elsewhere,
 * NUL bytes, and symlinks (anywhere along the path, dangling ones too) that lead outside.
 * Paths inside the workspace that resolve through symlinks to elsewhere inside it are fine.
 */
export class WorkspacePaths {
    readonly root: string;

    constructor(root: string) {
        this.root = path.resolve(root);
    }

    async resolve(argument: string, input: string): Promise<WorkspacePath> {
        if (input.includes('\0')) {
            throw new ToolError(`${argument} contains a NUL byte`);
        }
        const lexical = path.resolve(this.root, input);
        if (!isInside(this.root, lexical)) {
            throw new ToolError(`${argument} ${JSON.stringify(input)} is outside the workspace ${this.root}`);
        }
        const realRoot = await fs.realpath(this.root);
        const real = await realPathOfPossiblyMissing(path.join(realRoot, path.relative(this.root, lexical)));
        if (!isInside(realRoot, real)) {
            throw new ToolError(`${argument} ${JSON.stringify(input)} is outside the workspace ${this.root} ` +
                `(a symlink leads to ${real})`);
        }
        return { argument, input, absolute: real, relative: path.relative(realRoot, real) || '.' };
    }

    async resolveRoot(): Promise<WorkspacePath> {
        return this.resolve('workspace root', '.');
    }
}

function isInside(root: string, candidate: string): boolean {
    const relative = path.relative(root, candidate);
    return relative === '' || (relative !== '..' && !relative.startsWith('..' + path.sep) && !path.isAbsolute(relative));
}

function isMissing(error: unknown): boolean {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * `realpath` that also works for paths that do not exist yet: resolves the deepest existing
 * ancestor and appends the rest, following a dangling symlink to wherever it would create the file.
 */
async function realPathOfPossiblyMissing(target: string, hops = 0): Promise<string> {
    try {
        return await fs.realpath(target);
    } catch (error) {
        const parent = path.dirname(target);
        if (!isMissing(error) || parent === target) {
            throw error;
        }
        const candidate = path.join(await realPathOfPossiblyMissing(parent, hops), path.basename(target));
        const link = await readLinkIfAny(candidate);
        if (link === undefined) {
            return candidate;
        }
        if (hops >= MAX_SYMLINK_HOPS) {
            throw new ToolError(`too many levels of symlinks at ${candidate}`);
        }
        return realPathOfPossiblyMissing(path.resolve(path.dirname(candidate), link), hops + 1);
    }
}

async function readLinkIfAny(file: string): Promise<string | undefined> {
    try {
        return await fs.readlink(file);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (isMissing(error) || code === 'EINVAL') {
            return undefined;
        }
        throw error;
    }
}
