import * as fs from 'fs/promises';
import { Stats } from 'fs';
import { ToolError } from './tool-error';
import { WorkspacePath } from './workspace-paths';

function describe(target: WorkspacePath): string {
    return `${target.argument} ${JSON.stringify(target.input)}`;
}

export async function statExisting(target: WorkspacePath): Promise<Stats> {
    try {
        return await fs.stat(target.absolute);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') {
            throw new ToolError(`${describe(target)} does not exist`);
        }
        throw error;
    }
}

export async function requireDirectory(target: WorkspacePath): Promise<Stats> {
    const stats = await statExisting(target);
    if (!stats.isDirectory()) {
        throw new ToolError(`${describe(target)} is not a directory`);
    }
    return stats;
}
