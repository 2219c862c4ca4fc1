import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as path from 'path';
import { MAX_COMMAND_OUTPUT_BYTES, ToolProgressLine, ToolResultLine } from '../common/tool-definitions';
import { Harness, isAlive, startHarness, textOf, waitFor } from '../test-helpers/tool-call-harness';

describe('command tools', () => {
    let harness: Harness;
    before(async () => { harness = await startHarness(); });
    after(() => harness.close());

    const structured = (result: ToolResultLine | undefined) => result?.structuredContent as Record<string, unknown>;

    describe('run_command', () => {
        it('runs with bash -lc in the workspace and returns exit code and combined output', async () => {
            const response = await harness.call('run_command', { command: 'echo out; echo err >&2; pwd; exit 3' });
            assert.equal(response.result?.isError, false);
            const result = structured(response.result);
            assert.equal(result.exitCode, 3);
            assert.equal(result.signal, null);
            assert.equal(result.output, `out\nerr\n${await fs.realpath(harness.root)}\n`);
            assert.equal(result.truncated, false);
            assert.equal(typeof result.durationMs, 'number');
            assert.match(textOf(response), /^exit code 3 after \d+\.\d s\nout\nerr\n/);
        });

        it('runs the command as bash -lc would: no positional parameters, a syntax error in the output, login PATH', async () => {
            const params = await harness.call('run_command', { command: 'echo "$# [$1] [$0]"; shopt -q login_shell && echo login' });
            assert.equal(structured(params.result).output, '0 [] [bash]\nlogin\n');
            const broken = await harness.call('run_command', { command: 'echo before; if then fi' });
            assert.equal(structured(broken.result).exitCode, 2);
            assert.match(structured(broken.result).output as string, /syntax error/);
            const quoted = await harness.call('run_command', { command: `printf '%s|' "a b" 'c"d' $'e\\tf'; echo` });
            assert.equal(structured(quoted.result).output, 'a b|c"d|e\tf|\n');
        });

        it('takes cwd and env', async () => {
            await fs.mkdir(path.join(harness.root, 'sub'));
            const response = await harness.call('run_command', { command: 'echo "$PWD $GREETING"', cwd: 'sub', env: { GREETING: 'hi' } });
            assert.equal(structured(response.result).output, `${await fs.realpath(path.join(harness.root, 'sub'))} hi\n`);
            const missing = await harness.call('run_command', { command: 'true', cwd: 'nope' });
            assert.equal(textOf(missing), 'cwd "nope" does not exist');
        });

        it('streams a progress line about every second', async () => {
            const response = await harness.call('run_command', { command: 'for i in 1 2 3; do echo "tick $i"; sleep 1; done' });
            assert.equal(structured(response.result).exitCode, 0);
            const progress: ToolProgressLine[] = response.progress;
            assert.ok(progress.length >= 2 && progress.length <= 4, `got ${progress.length} progress lines`);
            progress.forEach((line, index) => {
                assert.equal(line.progress, index + 1);
                assert.equal(line.total, 30);
                assert.match(line.message, /^running \d+ s, \d+ bytes output: tick [1-3]$/);
            });
        });

        it('keeps the tail of long output and marks the cut', async () => {
            const response = await harness.call('run_command', { command: "head -c 3000000 /dev/zero | tr '\\0' x; echo; echo END" });
            const result = structured(response.result);
            assert.equal(result.truncated, true);
            assert.equal(Buffer.byteLength(result.output as string), MAX_COMMAND_OUTPUT_BYTES);
            assert.match(result.output as string, /x\nEND\n$/);
            assert.match(textOf(response), /^exit code 0 after \d+\.\d s; output cut to the last 1\.0 MiB of 2\.9 MiB\nx/);
        });

        it('refuses a timeout over the cap, saying the cap', async () => {
            const response = await harness.call('run_command', { command: 'true', timeoutMs: 300_001 });
            assert.equal(response.result?.isError, true);
            assert.match(textOf(response), /^invalid arguments for run_command: timeoutMs: the cap is 300000 ms/);
        });

        it('kills the whole process group, SIGKILL for what ignores SIGTERM, when the client disconnects', async () => {
            const stubborn = `bash -c 'trap "" TERM; sleep 60' & echo "child $!"; wait`;
            const childPid = await new Promise<number>(resolve => {
                harness.open('run_command', { command: stubborn }, (line, request) => {
                    const match = line.type === 'progress' && /child (\d+)/.exec(line.message);
                    if (match) {
                        request.destroy();
                        resolve(Number(match[1]));
                    }
                });
            });
            assert.ok(await isAlive(childPid));
            await new Promise(resolve => setTimeout(resolve, 1000));
            assert.ok(await isAlive(childPid), 'SIGTERM is ignored, SIGKILL comes after 2 s');
            await waitFor(async () => !(await isAlive(childPid)), 4000, `pid ${childPid} to be killed`);
        });
    });

    describe('background processes', () => {
        it('hands a command over at its timeout; read_process_output follows it to the end', async () => {
            const started = await harness.call('run_command', { command: 'echo start; sleep 2; echo end', timeoutMs: 500 });
            assert.equal(started.result?.isError, false);
            const handover = structured(started.result);
            assert.equal(handover.running, true);
            assert.equal(handover.exitCode, null);
            // On a loaded machine bash may not have printed within the 500 ms: the output so far, whatever it is.
            assert.ok(['', 'start\n'].includes(handover.output as string), `output at the handover: ${JSON.stringify(handover.output)}`);
            const processId = handover.processId as string;
            assert.match(processId, /^proc-\d+$/);
            assert.match(textOf(started), new RegExp(`continues in the background as ${processId}\\..*read_process_output.*kill_process`));

            let early: Record<string, unknown> = {};
            await waitFor(async () => (early = structured((await harness.call('read_process_output', { processId })).result)).output !== '', 5000, 'the output of echo');
            assert.deepEqual([early.running, early.output, early.nextOffset], [true, 'start\n', 6]);

            await waitFor(async () => structured((await harness.call('read_process_output', { processId })).result).running === false,
                5000, 'the command to finish');
            const rest = structured((await harness.call('read_process_output', { processId, offset: 6 })).result);
            assert.deepEqual([rest.running, rest.exitCode, rest.output, rest.nextOffset, rest.truncated], [false, 0, 'end\n', 10, false]);
        });

        it('kill_process stops a background command and everything it started', async () => {
            const started = structured((await harness.call('run_command', {
                command: 'sleep 60 & echo "child $!"; wait', timeoutMs: 300
            })).result);
            const processId = started.processId as string;
            // On a loaded machine bash may not have printed within the 300 ms: read its output until it has.
            let output = '';
            await waitFor(async () => /child \d+/.test(output = textOf(await harness.call('read_process_output', { processId }))), 5000, 'the child\'s pid');
            const childPid = Number(/child (\d+)/.exec(output)![1]);
            assert.ok(await isAlive(childPid));

            const killed = await harness.call('kill_process', { processId });
            assert.equal(killed.result?.isError, false);
            assert.match(textOf(killed), new RegExp(`^killed ${processId}: killed by SIGTERM after`));
            assert.deepEqual([structured(killed.result).running, structured(killed.result).signal], [false, 'SIGTERM']);
            await waitFor(async () => !(await isAlive(childPid)), 3000, 'the background child to be killed');

            const after = structured((await harness.call('read_process_output', { processId })).result);
            assert.equal(after.running, false);
            assert.match(textOf(await harness.call('kill_process', { processId })), /had already finished: killed by SIGTERM/);
        });

        it('reports unknown process ids and offsets past the end', async () => {
            const unknown = await harness.call('read_process_output', { processId: 'proc-999' });
            assert.equal(unknown.result?.isError, true);
            assert.match(textOf(unknown), /^processId "proc-999" is unknown/);
            assert.equal((await harness.call('kill_process', { processId: 'proc-999' })).result?.isError, true);

            const processId = structured((await harness.call('run_command', { command: 'echo hi; sleep 1', timeoutMs: 200 })).result).processId;
            // On a loaded machine bash may not have printed within the 200 ms: wait for the output first.
            await waitFor(async () => textOf(await harness.call('read_process_output', { processId })).includes('hi'), 5000, 'the output of echo');
            const past = await harness.call('read_process_output', { processId, offset: 100 });
            assert.equal(textOf(past), `offset 100 is past the end of the output of ${processId} (3 bytes so far)`);
        });
    });
});
