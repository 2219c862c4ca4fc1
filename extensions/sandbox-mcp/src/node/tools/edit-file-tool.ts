import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { inject, injectable } from '@theia/core/shared/inversify';
import { MAX_TOOL_REQUEST_BYTES, ToolResultLine } from '../../common/tool-definitions';
import { SandboxTool } from '../sandbox-tool';
import { applyTextEdits } from '../text-edits';
import { ToolError } from '../tool-error';
import { editFile, EditFileArguments } from '../../common/tools/edit-file';
import { toolResult } from '../tool-results';
import { withFileToReplace } from '../workspace-files';
import { WorkspacePaths } from '../workspace-paths';

/** Larger files are edited with run_command (sed, patch…): a request could not carry them anyway. */
const MAX_EDITED_FILE_BYTES = MAX_TOOL_REQUEST_BYTES;

@injectable()
export class EditFileTool implements SandboxTool<typeof editFile.inputSchema> {
    readonly definition = editFile;

    constructor(@inject(WorkspacePaths) private readonly paths: WorkspacePaths) { }

    async run(args: EditFileArguments): Promise<ToolResultLine> {
        return withFileToReplace(this.paths, 'path', args.path, { create: false }, async file => {
            const { handle, stats } = await file.open();
            if (stats.size > MAX_EDITED_FILE_BYTES) {
                throw new ToolError(`path ${JSON.stringify(args.path)} has ${stats.size} bytes; edit_file handles files up to ` +
                    `${MAX_EDITED_FILE_BYTES} bytes (use run_command for larger ones)`);
            }
            const original = await handle.readFile('utf8');
            const relative = file.path.relative;
            const edited = applyTextEdits(original, args.edits, relative);
            const diff = createTwoFilesPatch(`a/${relative}`, `b/${relative}`, original, edited, undefined, undefined,
                { context: 3, headerOptions: FILE_HEADERS_ONLY });
            const dryRun = args.dryRun ?? false;
            if (!dryRun && edited !== original) {
                await file.replace(edited);
            }
            const count = `${args.edits.length} edit${args.edits.length === 1 ? '' : 's'}`;
            const summary = edited === original
                ? `${count} to ${relative} change nothing`
                : dryRun ? `dry run: ${count} to ${relative}, nothing written` : `applied ${count} to ${relative}`;
            return toolResult(`${summary}\n\n${diff}`, { path: relative, diff, written: !dryRun && edited !== original });
        });
    }
}
