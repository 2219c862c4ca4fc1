import * as fs from 'fs/promises';
import * as path from 'path';
import { isInside } from './confined-files';
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
    /** The workspace root's real path, which `absolute` lies inside. */
    realRoot: string;
}

export function workspaceRootFromEnv(env: NodeJS.ProcessEnv = process.env): string {
    return path.resolve(env.IDE_WORKSPACE_DIR || DEFAULT_WORKSPACE_DIR);
}

/**
 * Confines path arguments to the workspace root: refuses `..` escapes, absolute paths elsewhere,
 * NUL bytes, and symlinks (anywhere along the path, dangling ones too) that lead outside.
 * Paths inside the workspace that resolve through symlinks to elsewhere inside it are fine.
 * This is the check before the open, for clear messages; confined-files checks what was opened.
 */
export class WorkspacePaths {
    readonly root: string;

    constructor(root: string) {
        this.root = path.resolve(root);
    }

    async resolve(argument: string, input: string): Promise<WorkspacePath> {
        return this.resolveLexical(argument, input, this.lexical(argument, input));
    }

    /**
     * Where a write of `input` lands: the real directory its last component is in, and that
     * component, not followed. `input` must not be the root itself.
     */
    async resolveParent(argument: string, input: string): Promise<{ directory: WorkspacePath; name: string }> {
        const lexical = this.lexical(argument, input);
        if (lexical === this.root) {
            throw new ToolError(`${argument} ${JSON.stringify(input)} is the workspace root, not a file`);
        }
        return { directory: await this.resolveLexical(argument, input, path.dirname(lexical)), name: path.basename(lexical) };
    }

    private lexical(argument: string, input: string): string {
        if (input.includes('\0')) {
            throw new ToolError(`${argument} contains a NUL byte`);
        }
        const lexical = path.resolve(this.root, input);
        if (!isInside(this.root, lexical)) {
            throw new ToolError(`${argument} ${JSON.stringify(input)} is outside the workspace ${this.root}`);
        }
        return lexical;
    }

    /** `lexical` is `input`, or a directory above it. */
    private async resolveLexical(argument: string, input: string, lexical: string): Promise<WorkspacePath> {
        const realRoot = await fs.realpath(this.root);
        const real = await realPathOfPossiblyMissing(path.join(realRoot, path.relative(this.root, lexical)));
        if (!isInside(realRoot, real)) {
            throw new ToolError(`${argument} ${JSON.stringify(input)} is outside the workspace ${this.root} ` +
                `(a symlink leads to ${real})`);
        }
        return { argument, input, absolute: real, relative: path.relative(realRoot, real) || '.', realRoot };
    }

    async resolveRoot(): Promise<WorkspacePath> {
        return this.resolve('workspace root', '.');
    }
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
