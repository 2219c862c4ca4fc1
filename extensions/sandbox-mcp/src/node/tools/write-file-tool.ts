import * as fs from 'fs/promises';
import * as path from 'path';
import { inject, injectable } from '@theia/core/shared/inversify';
import { ToolResultLine } from '../../common/tool-definitions';
import { refuseDirectory } from '../path-checks';
import { SandboxTool } from '../sandbox-tool';
import { writeFileArguments, WriteFileArguments } from '../tool-argument-schemas';
import { toolResult } from '../tool-results';
import { WorkspacePaths } from '../workspace-paths';

@injectable()
export class WriteFileTool implements SandboxTool<WriteFileArguments> {
    readonly name = 'write_file';
    readonly argumentsSchema = writeFileArguments;

    constructor(@inject(WorkspacePaths) private readonly paths: WorkspacePaths) { }

    async run(args: WriteFileArguments): Promise<ToolResultLine> {
        const file = await this.paths.resolve('path', args.path);
        await refuseDirectory(file);
        const existed = await fs.access(file.absolute).then(() => true, () => false);
        await fs.mkdir(path.dirname(file.absolute), { recursive: true });
        await fs.writeFile(file.absolute, args.content, 'utf8');
        const bytes = Buffer.byteLength(args.content, 'utf8');
        return toolResult(`${existed ? 'overwrote' : 'created'} ${file.relative} (${bytes} bytes)`,
            { path: file.relative, bytes, created: !existed });
    }
}
