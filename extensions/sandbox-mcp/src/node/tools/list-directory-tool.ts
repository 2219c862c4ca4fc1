import * as fs from 'fs/promises';
import { Dirent } from 'fs';
import { inject, injectable } from '@theia/core/shared/inversify';
import { MAX_DIRECTORY_ENTRIES, ToolResultLine } from '../../common/tool-definitions';
import { ConfinedDirectory } from '../confined-files';
import { SandboxTool } from '../sandbox-tool';
import { listDirectory, ListDirectoryArguments } from '../../common/tools/list-directory';
import { toolResult } from '../tool-results';
import { withDirectoryToRead } from '../workspace-files';
import { WorkspacePaths } from '../workspace-paths';

@injectable()
export class ListDirectoryTool implements SandboxTool<typeof listDirectory.inputSchema> {
    readonly definition = listDirectory;

    constructor(@inject(WorkspacePaths) private readonly paths: WorkspacePaths) { }

    async run(args: ListDirectoryArguments): Promise<ToolResultLine> {
        return withDirectoryToRead(this.paths, 'path', args.path, async (directory, target) => {
            const entries = (await directory.list()).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
            const shown = entries.slice(0, MAX_DIRECTORY_ENTRIES);
            const lines = await Promise.all(shown.map(async entry =>
                `${await isDirectory(directory, entry) ? '[DIR]' : '[FILE]'} ${entry.name}`));
            if (entries.length > shown.length) {
                lines.push(`[truncated: showing the first ${shown.length} of ${entries.length} entries]`);
            }
            const text = entries.length === 0 ? `${target.relative} is empty` : lines.join('\n');
            return toolResult(text, { path: target.relative, totalEntries: entries.length, truncated: entries.length > shown.length });
        });
    }
}

/** Symlinks count as what they point to. */
async function isDirectory(directory: ConfinedDirectory, entry: Dirent): Promise<boolean> {
    if (!entry.isSymbolicLink()) {
        return entry.isDirectory();
    }
    const target = await fs.stat(directory.entry(entry.name)).catch(() => undefined);
    return target?.isDirectory() ?? false;
}
