import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { runAndKill, temporaryEntries } from '../test-helpers/crash-race';

/*
 * write_file and edit_file run in a child process that is SIGKILLed part way, over and over:
 * afterwards the file holds exactly the old content or exactly the new, never a part or nothing.
 */
const RUNS = 20;
const CHILD = path.join(__dirname, '..', 'test-helpers', 'one-tool-call.js');

function bigText(word: string, bytes: number): string {
    const line = `${word} ${'x'.repeat(990)} ${word}\n`;
    return line.repeat(Math.ceil(bytes / line.length));
}

describe('writes survive a SIGKILL at any point', () => {
    let base: string;
    let root: string;
    before(async () => {
        base = await fs.mkdtemp(path.join(os.tmpdir(), 'sandbox-mcp-crash-'));
        root = path.join(base, 'workspace');
        await fs.mkdir(root);
    });
    after(() => fs.rm(base, { recursive: true, force: true }));

    async function killRepeatedly(tool: string, args: Record<string, unknown>, oldContent: string, newContent: string): Promise<void> {
        const file = path.join(root, 'big.txt');
        const argumentsFile = path.join(base, `${tool}.json`);
        await fs.writeFile(argumentsFile, JSON.stringify(args));
        const reset = async () => {
            for (const name of await fs.readdir(root)) {
                await fs.rm(path.join(root, name), { recursive: true, force: true });
            }
            await fs.writeFile(file, oldContent);
        };

        await reset();
        const untouched = await runAndKill(CHILD, [root, tool, argumentsFile]);
        assert.equal(untouched.killed, false);
        assert.equal(await fs.readFile(file, 'utf8'), newContent, untouched.stdout);

        const outcomes = { old: 0, new: 0, killedWithTemporaryLeft: 0 };
        for (let run = 0; run < RUNS; run++) {
            await reset();
            // Half the runs die as soon as the write begins (a temporary file appears, or big.txt itself changes),
            // half after a random delay within the call's duration.
            const plan = run % 2 === 0
                ? { onChangeIn: { directory: root, name: /big\.txt/ } }
                : { afterMs: Math.random() * untouched.ms * 1.2 };
            const result = await runAndKill(CHILD, [root, tool, argumentsFile], plan);
            const content = await fs.readFile(file, 'utf8');
            assert.ok(content === oldContent || content === newContent,
                `run ${run}: big.txt has ${content.length} characters, neither the old ${oldContent.length} nor the new ${newContent.length}`);
            outcomes[content === oldContent ? 'old' : 'new']++;
            if (result.killed && (await temporaryEntries(root)).length > 0) {
                outcomes.killedWithTemporaryLeft++;
            }
            assert.deepEqual((await fs.readdir(root)).filter(name => !name.startsWith('.')), ['big.txt']);
        }
        assert.ok(outcomes.killedWithTemporaryLeft > 0, `no run was killed in the middle of writing: ${JSON.stringify(outcomes)}`);
    }

    it('write_file of 5 MB over an existing file', async () => {
        const oldContent = bigText('old', 1024 * 1024);
        const newContent = bigText('new', 5 * 1024 * 1024);
        await killRepeatedly('write_file', { path: 'big.txt', content: newContent }, oldContent, newContent);
    });

    it('edit_file of a 5 MB file', async () => {
        const oldContent = 'MARKER\n' + bigText('old', 5 * 1024 * 1024);
        const newContent = 'EDITED\n' + bigText('old', 5 * 1024 * 1024);
        await killRepeatedly('edit_file', { path: 'big.txt', edits: [{ oldText: 'MARKER', newText: 'EDITED' }] }, oldContent, newContent);
    });
});
