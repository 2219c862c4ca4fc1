import { inject, injectable } from '@theia/core/shared/inversify';
import { ToolResultLine } from '../../common/tool-definitions';
import { SandboxTool } from '../sandbox-tool';
import { writeFile, WriteFileArguments } from '../../common/tools/write-file';
import { toolResult } from '../tool-results';
import { withFileToReplace } from '../workspace-files';
import { WorkspacePaths } from '../workspace-paths';

@injectable()
export class WriteFileTool implements SandboxTool<typeof writeFile.inputSchema> {
    readonly definition = writeFile;

    constructor(@inject(WorkspacePaths) private readonly paths: WorkspacePaths) { }

    async run(args: WriteFileArguments): Promise<ToolResultLine> {
        return withFileToReplace(this.paths, 'path', args.path, { create: true }, async file => {
            await file.replace(args.content);
            const bytes = Buffer.byteLength(args.content, 'utf8');
            const existed = file.existing !== undefined;
            return toolResult(`${existed ? 'overwrote' : 'created'} ${file.path.relative} (${bytes} bytes)`,
                { path: file.path.relative, bytes, created: !existed });
        });
    }
}
