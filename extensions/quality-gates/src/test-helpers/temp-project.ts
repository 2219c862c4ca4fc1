/*
 * For the tests: temporary project directories. Not referenced by the backend module.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';

export interface TestProject {
    root: string;
    write(relative: string, content: string | Buffer): Promise<void>;
    remove(relative: string): Promise<void>;
    git(...args: string[]): string;
    /** `git init`, then commits everything written so far. */
    commitAll(message?: string): void;
    dispose(): Promise<void>;
}

export async function createTestProject(files: Record<string, string> = {}): Promise<TestProject> {
    const base = await fs.mkdtemp(path.join(os.tmpdir(), 'quality-gates-test-'));
    const root = path.join(base, 'project');
    await fs.mkdir(root);
    const project: TestProject = {
        root,
        async write(relative, content) {
            const file = path.join(root, relative);
            await fs.mkdir(path.dirname(file), { recursive: true });
            await fs.writeFile(file, content);
        },
        async remove(relative) {
            await fs.rm(path.join(root, relative), { recursive: true, force: true });
        },
        git(...args) {
            return execFileSync('git', args, {
                cwd: root, encoding: 'utf8',
                env: {
                    ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test',
                    GIT_COMMITTER_EMAIL: 'test@example.com', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1'
                }
            });
        },
        commitAll(message = 'base') {
            project.git('init', '-q', '-b', 'main');
            project.git('add', '-A');
            project.git('commit', '-q', '-m', message);
        },
        dispose: () => fs.rm(base, { recursive: true, force: true })
    };
    for (const [relative, content] of Object.entries(files)) {
        await project.write(relative, content);
    }
    return project;
}

/** Whether a pid still exists as a live (non-zombie) process. */
export async function isAlive(pid: number): Promise<boolean> {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    return stat !== undefined && stat[stat.lastIndexOf(')') + 2] !== 'Z';
}
