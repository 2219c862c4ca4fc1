import { afterEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as path from 'path';
import { commandFor, PlannedCommandGate, runCommandGate } from './command-gate';
import { GateContext, GateStop } from './gate-context';
import { parseOutputFindings } from './output-findings';
import { createTestProject, isAlive, TestProject } from '../test-helpers/temp-project';

const gate = (command: string, extra: Partial<PlannedCommandGate> = {}): PlannedCommandGate =>
    ({ kind: 'command', name: 'check', source: 'config', command, timeoutSeconds: 60, parallel: false, ...extra });

describe('command gates', () => {
    let project: TestProject | undefined;
    afterEach(() => project?.dispose());

    const context = (signal = new AbortController().signal, extra: Partial<GateContext> = {}): GateContext =>
        ({ root: project!.root, signal, onOutputLine: () => undefined, ...extra });

    it('passes on exit code 0 and fails on another, with the output as log and its file:line findings', async () => {
        project = await createTestProject({ 'README.md': '# x\n', 'src/a.ts': 'const a: number = "x";\n' });
        const passed = await runCommandGate(gate('test -f README.md && echo readme is there'), context());
        assert.deepEqual(passed, { status: 'pass', log: 'readme is there\n', command: 'test -f README.md && echo readme is there', findings: [] });

        const failed = await runCommandGate(gate(`echo "src/a.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'." >&2; exit 2`), context());
        assert.equal(failed.status, 'fail');
        assert.equal(failed.reason, 'exit code 2');
        assert.match(failed.log, /error TS2322/);
        assert.deepEqual(failed.findings, [{
            file: 'src/a.ts', line: 1, column: 7, severity: 'error', rule: 'TS2322',
            message: 'Type \'string\' is not assignable to type \'number\'.'
        }]);
    });

    it('a missing command is an error (exit 127), not a failure', async () => {
        project = await createTestProject({});
        const outcome = await runCommandGate(gate('no-such-command-for-quality-gates --version'), context());
        assert.equal(outcome.status, 'error');
        assert.equal(outcome.reason, 'cannot start: command not found (exit code 127)');
        assert.match(outcome.log, /no-such-command-for-quality-gates: command not found/);
    });

    it('a missing working directory is an error', async () => {
        project = await createTestProject({});
        const outcome = await runCommandGate(gate('true', { cwd: 'packages/missing' }), context());
        assert.deepEqual([outcome.status, outcome.reason], ['error', 'cannot start: the working directory packages/missing does not exist']);
    });

    it('on timeout the whole process group is killed and the gate is an error', async () => {
        project = await createTestProject({});
        const stop = new AbortController();
        const pidFile = path.join(project.root, 'sleeper.pid');
        const lines: string[] = [];
        let stoppedAt = 0;
        const outcome = await runCommandGate(gate(`sleep 60 & echo $! > ${pidFile}; echo waiting; wait`),
            context(stop.signal, {
                onOutputLine: line => {
                    lines.push(line);
                    stoppedAt = Date.now();
                    stop.abort(new GateStop('timeout', 1));
                }
            }));
        assert.ok(Date.now() - stoppedAt < 4000, 'stopped promptly');
        assert.equal(outcome.status, 'error');
        assert.equal(outcome.reason, 'timed out after 1 s; stopped (the command and everything it started were killed)');
        assert.equal(outcome.log, 'waiting\n');
        assert.deepEqual(lines, ['waiting']);
        const sleeper = Number(await fs.readFile(pidFile, 'utf8'));
        assert.ok(sleeper > 0);
        assert.equal(await isAlive(sleeper), false, 'the background sleep was killed too');
    });

    it('runs only related tests when the run names changed files that exist', async () => {
        project = await createTestProject({ 'src/a b.ts': '', 'src/c.ts': '' });
        const test = gate('npm test', { relatedTestsCommand: 'npx jest --findRelatedTests {files}' });
        assert.equal(commandFor(test, { root: project.root }), 'npm test');
        assert.equal(commandFor(test, { root: project.root, changedFiles: ['src/gone.ts'] }), 'npm test');
        assert.equal(commandFor(test, { root: project.root, changedFiles: ['src/a b.ts', 'src/c.ts', 'src/gone.ts'] }),
            'npx jest --findRelatedTests \'src/a b.ts\' src/c.ts');
        assert.equal(commandFor({ ...test, cwd: 'src' }, { root: project.root, changedFiles: ['src/c.ts'] }), 'npx jest --findRelatedTests c.ts');
    });
});

describe('findings in command output', () => {
    let project: TestProject | undefined;
    afterEach(() => project?.dispose());

    it('reads tsc, gcc/eslint-unix, eslint stylish, pytest and rustc formats, keeping only files that exist', async () => {
        project = await createTestProject({ 'src/a.ts': '', 'src/b.c': '', 'lib/c.js': '', 'tests/test_x.py': '', 'src/main.rs': '' });
        const output = [
            'src/a.ts(3,7): error TS2322: Type mismatch.',
            '\x1b[96msrc/a.ts\x1b[0m:\x1b[93m4\x1b[0m:\x1b[93m2\x1b[0m - \x1b[91merror\x1b[0m\x1b[90m TS1005: \x1b[0m\';\' expected.',
            'src/b.c:10:5: warning: unused variable \'x\' [-Wunused-variable]',
            `${project.root}/lib/c.js`,
            '  12:3  error    \'x\' is defined but never used  no-unused-vars',
            '  14:1  warning  Unexpected console statement    no-console',
            '',
            'tests/test_x.py:8: AssertionError',
            'error[E0308]: mismatched types',
            '  --> src/main.rs:2:5',
            'see http://example.com:8080/x and 2024-01-01 10:20:30: not findings',
            'missing.ts(1,1): error TS2307: Cannot find module.'
        ].join('\n');
        const found = parseOutputFindings(output, project.root, project.root);
        assert.deepEqual(found.map(finding => `${finding.file}:${finding.line}:${finding.column ?? '-'} ${finding.severity} ${finding.rule ?? '-'} ${finding.message}`), [
            'src/a.ts:3:7 error TS2322 Type mismatch.',
            'src/a.ts:4:2 error TS1005 \';\' expected.',
            'src/b.c:10:5 warning - unused variable \'x\' [-Wunused-variable]',
            'lib/c.js:12:3 error no-unused-vars \'x\' is defined but never used',
            'lib/c.js:14:1 warning no-console Unexpected console statement',
            'tests/test_x.py:8:- error - AssertionError',
            'src/main.rs:2:5 error E0308 mismatched types'
        ]);
    });
});
