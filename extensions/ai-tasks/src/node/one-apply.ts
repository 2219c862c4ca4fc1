/*
 * For the crash tests: `node one-apply.js <workspace> <scratch> <relative> <change>` applies one
 * file in this process, printing "ready" just before it starts.
 */
import { FileChangeKind } from '../common/ai-task-types';
import { applyFile } from './apply-file';

const [workspace, scratch, relative, change] = process.argv.slice(2);
process.stdout.write('ready\n');
applyFile(workspace, scratch, relative, change as FileChangeKind).catch(error => {
    console.error(error);
    process.exitCode = 2;
});
