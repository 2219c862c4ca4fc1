import * as fs from 'fs/promises';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { inject, injectable } from '@theia/core/shared/inversify';
import { MAX_TOOL_REQUEST_BYTES, ToolResultLine } from '../../common/tool-definitions';
import { requireFile } from '../path-checks';
import { SandboxTool } from '../sandbox-tool';
import { applyTextEdits } from '../text-edits';
import { ToolError } from '../tool-error';
import { editFileArguments, EditFileArguments } from '../tool-argument-schemas';
import { toolResult } from '../tool-results';
import { WorkspacePaths } from '../workspace-paths';

/** Larger files are edited with run_command (sed, patch…): a request could not carry them anyway. */
const MAX_EDITED_FILE_BYTES = MAX_TOOL_REQUEST_BYTES;

@injectable()
export class EditFileTool implements SandboxTool<EditFileArguments> {
    readonly name = 'edit_file';
    readonly argumentsSchema = editFileArguments;

    constructor(@inject(WorkspacePaths) private readonly paths: WorkspacePaths) { }

    async run(args: EditFileArguments): Promise<ToolResultLine> {
        const file = await this.paths.resolve('path', args.path);
        const stats = await requireFile(file);
        if (stats.size > MAX_EDITED_FILE_BYTES) {
            throw new ToolError(`path ${JSON.stringify(args.path)} has ${stats.size} bytes; edit_file handles files up to ` +
                `${MAX_EDITED_FILE_BYTES} bytes (use run_command for larger ones)`);
        }
        const original = await fs.readFile(file.absolute, 'utf8');
        const edited = applyTextEdits(original, args.edits, file.relative);
        const diff = createTwoFilesPatch(`a/${file.relative}`, `b/${file.relative}`, original, edited, undefined, undefined,
            { context: 3, headerOptions: FILE_HEADERS_ONLY });
        const dryRun = args.dryRun ?? false;
        if (!dryRun && edited !== original) {
            await fs.writeFile(file.absolute, edited, 'utf8');
        }
        const count = `${args.edits.length} edit${args.edits.length === 1 ? '' : 's'}`;
        const summary = edited === original
            ? `${count} to ${file.relative} change nothing`
            : dryRun ? `dry run: ${count} to ${file.relative}, nothing written` : `applied ${count} to ${file.relative}`;
        return toolResult(`${summary}\n\n${diff}`, { path: file.relative, diff, written: !dryRun && edited !== original });
    }
}
