/*
 * For the crash tests: `node one-tool-call.js <workspace> <write_file|edit_file> <arguments.json>`
 * runs one call of that tool against that workspace, printing "ready" just before it starts.
 */
import '@theia/core/shared/reflect-metadata';
import * as fs from 'fs';
import { ToolExecutor } from '../node/tool-executor';
import { EditFileTool } from '../node/tools/edit-file-tool';
import { WriteFileTool } from '../node/tools/write-file-tool';
import { WorkspacePaths } from '../node/workspace-paths';

async function main(): Promise<void> {
    const [root, tool, argumentsFile] = process.argv.slice(2);
    const paths = new WorkspacePaths(root);
    const executor = new ToolExecutor([new WriteFileTool(paths), new EditFileTool(paths)]);
    const args = JSON.parse(fs.readFileSync(argumentsFile, 'utf8'));
    process.stdout.write('ready\n');
    const result = await executor.execute(tool, args, { signal: new AbortController().signal, reportProgress: () => undefined });
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exitCode = result.isError ? 1 : 0;
}

main().catch(error => {
    console.error(error);
    process.exitCode = 2;
});
