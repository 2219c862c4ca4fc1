import { inject, injectable } from '@theia/core/shared/inversify';
import { MAX_READ_BYTES, ToolResultLine } from '../../common/tool-definitions';
import { SandboxTool } from '../sandbox-tool';
import { LineSelection, readTextExcerpt, TextExcerpt } from '../text-excerpt';
import { ToolError } from '../tool-error';
import { readTextFile, ReadTextFileArguments } from '../../common/tools/read-text-file';
import { toolResult } from '../tool-results';
import { withFileToRead } from '../workspace-files';
import { WorkspacePaths } from '../workspace-paths';

@injectable()
export class ReadTextFileTool implements SandboxTool<typeof readTextFile.inputSchema> {
    readonly definition = readTextFile;

    constructor(@inject(WorkspacePaths) private readonly paths: WorkspacePaths) { }

    async run(args: ReadTextFileArguments): Promise<ToolResultLine> {
        return withFileToRead(this.paths, 'path', args.path, async ({ path: file, handle }) => {
            const excerpt = await readTextExcerpt(handle, toLineSelection(args), MAX_READ_BYTES);
            if (args.offset !== undefined && args.offset > Math.max(excerpt.totalLines, 1)) {
                throw new ToolError(`offset ${args.offset} is past the end of ${file.relative} (${excerpt.totalLines} lines)`);
            }
            const text = excerpt.truncated ? excerpt.text + truncationNote(excerpt, args.tail !== undefined) : excerpt.text;
            return toolResult(text, {
                path: file.relative,
                truncated: excerpt.truncated,
                firstLine: excerpt.firstLine,
                lastLine: excerpt.lastLine,
                totalLines: excerpt.totalLines,
                totalBytes: excerpt.totalBytes
            });
        });
    }
}

function toLineSelection(args: ReadTextFileArguments): LineSelection {
    if (args.tail !== undefined) {
        return { from: 'end', lineCount: args.tail };
    }
    if (args.head !== undefined) {
        return { from: 'start', firstLine: 1, lineCount: args.head };
    }
    return { from: 'start', firstLine: args.offset ?? 1, lineCount: args.limit };
}

function truncationNote(excerpt: TextExcerpt, keptEnd: boolean): string {
    const shown = `lines ${excerpt.firstLine}-${excerpt.lastLine} of ${excerpt.totalLines} (the file has ${excerpt.totalBytes} bytes)`;
    const more = keptEnd
        ? 'read earlier lines with offset and limit'
        : `continue with offset ${excerpt.lastLine + 1}`;
    return `\n[truncated at ${MAX_READ_BYTES / (1024 * 1024)} MiB: showing ${shown}; ${more}]`;
}
