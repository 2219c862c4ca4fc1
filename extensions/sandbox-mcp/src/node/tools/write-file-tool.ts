import { inject, injectable } from '@theia/core/shared/inversify';
import { ToolResultLine } from '../../common/tool-definitions';
import { SandboxTool } from '../sandbox-tool';
import { writeFileArguments, WriteFileArguments } from '../tool-argument-schemas';
import { toolResult } from '../tool-results';
import { withFileToReplace } from '../workspace-files';
import { WorkspacePaths } from '../workspace-paths';

@injectable()
export class WriteFileTool implements SandboxTool<WriteFileArguments> {
    readonly name = 'write_file';
    readonly argumentsSchema = writeFileArguments;

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
