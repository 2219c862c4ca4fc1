/* For the tests: temporary workspaces and waiting. Not referenced by the backend module. */
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';

export interface TemporaryWorkspace {
    /** The workspace root. */
    root: string;
    /** A folder next to the workspace, outside it. */
    outside: string;
    write(relative: string, content: string): Promise<string>;
    read(relative: string): Promise<string>;
    remove(): Promise<void>;
}

export async function temporaryWorkspace(): Promise<TemporaryWorkspace> {
    const base = await fs.mkdtemp(path.join(os.tmpdir(), 'memory-test-'));
    const root = path.join(base, 'workspace');
    const outside = path.join(base, 'outside');
    await fs.mkdir(root);
    await fs.mkdir(outside);
    return {
        root,
        outside,
        async write(relative, content) {
            const file = path.join(root, relative);
            await fs.mkdir(path.dirname(file), { recursive: true });
            await fs.writeFile(file, content);
            return file;
        },
        read: relative => fs.readFile(path.join(root, relative), 'utf8'),
        remove: () => fs.rm(base, { recursive: true, force: true })
    };
}

export async function waitFor(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
        if (Date.now() > deadline) {
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        }
        await new Promise(resolve => setTimeout(resolve, 25));
    }
}

/** An entry file as a person would write it by hand. */
export function handWrittenEntry(fields: { kind?: string; title: string; tags?: string[]; body?: string }): string {
    return [
        '---',
        `kind: ${fields.kind ?? 'note'}`,
        `title: ${fields.title}`,
        `tags: [${(fields.tags ?? []).join(', ')}]`,
        'author: { kind: human, name: grace }',
        'created: 2024-03-01T10:00:00Z',
        'updated: 2024-03-01T10:00:00Z',
        '---',
        '',
        fields.body ?? '',
        ''
    ].join('\n');
}
