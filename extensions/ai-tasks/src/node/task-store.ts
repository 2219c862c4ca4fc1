import * as fs from 'fs/promises';
import * as path from 'path';
import { TASK_ID_PATTERN, TaskRecordFile } from '../common/ai-task-types';
import { writeFileAtomically } from '@ide/sandbox-mcp/lib/node/atomic-write';
import { TASKS_DIR } from './project-tree';

/** Lines `.ide/.gitignore` gets, so task records are never committed by accident. */
const GITIGNORE_LINE = '/tasks/';

/** Task records in the workspace: `.ide/tasks/<id>.json`, one per task, written atomically. */
export class TaskStore {
    readonly directory: string;

    constructor(readonly workspaceRoot: string) {
        this.directory = path.join(workspaceRoot, TASKS_DIR);
    }

    async save(record: TaskRecordFile): Promise<void> {
        if (!TASK_ID_PATTERN.test(record.id)) {
            throw new Error(`invalid task id ${JSON.stringify(record.id)}`);
        }
        await fs.mkdir(this.directory, { recursive: true });
        await this.ensureGitignore();
        await writeFileAtomically(path.join(this.directory, `${record.id}.json`), JSON.stringify(record, undefined, 2) + '\n');
    }

    /** Every readable record; unreadable files are skipped (and logged). */
    async loadAll(): Promise<TaskRecordFile[]> {
        const names = await fs.readdir(this.directory).catch(() => [] as string[]);
        const records: TaskRecordFile[] = [];
        for (const name of names.filter(candidate => candidate.endsWith('.json') && !candidate.startsWith('.'))) {
            try {
                const record = JSON.parse(await fs.readFile(path.join(this.directory, name), 'utf8')) as TaskRecordFile;
                if (record && typeof record.id === 'string' && TASK_ID_PATTERN.test(record.id) && typeof record.status === 'string') {
                    records.push(record);
                }
            } catch (error) {
                console.warn(`[ai-tasks] skipping unreadable task record ${name}: ${error instanceof Error ? error.message : error}`);
            }
        }
        return records;
    }

    /** `.ide/.gitignore` lists the task records: created when absent, the line added when missing. */
    private async ensureGitignore(): Promise<void> {
        const file = path.join(this.workspaceRoot, '.ide', '.gitignore');
        const current = await fs.readFile(file, 'utf8').catch(() => undefined);
        if (current === undefined) {
            await writeFileAtomically(file, `# AI task records (see extensions/ai-tasks)\n${GITIGNORE_LINE}\n`);
        } else if (!current.split(/\r?\n/).some(line => ['tasks/', '/tasks/', 'tasks', '/tasks'].includes(line.trim()))) {
            await writeFileAtomically(file, `${current}${current.endsWith('\n') || current === '' ? '' : '\n'}${GITIGNORE_LINE}\n`);
        }
    }
}
