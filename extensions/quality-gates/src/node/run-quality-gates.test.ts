import '@theia/core/shared/reflect-metadata';
import { afterEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as path from 'path';
import { GateProgressEvent, GateRunResult } from '../common/gate-results';
import { QualityGateRunner } from './quality-gate-runner';
import { HISTORY_FILE, RunHistory } from './run-history';
import { runQualityGates } from './run-quality-gates';
import { createTestProject, TestProject } from '../test-helpers/temp-project';

const AWS_ACCESS_KEY_ID = 'AKIA' + 'QYLPMN5HGZ3XK7TB';
const gatesJson = (...gates: object[]) => JSON.stringify({ gates });
const command = (name: string, commandLine: string, extra: object = {}) => ({ kind: 'command', name, command: commandLine, ...extra });
const statuses = (result: GateRunResult) => Object.fromEntries(result.gates.map(gate => [gate.gate, gate.status]));

describe('running quality gates', () => {
    let project: TestProject | undefined;
    afterEach(() => project?.dispose());

    it('runs command and built-in gates, reports progress, and fails the run on a finding', async () => {
        project = await createTestProject({
            'README.md': '# demo\n',
            'src/config.ts': `export const accessKeyId = "${AWS_ACCESS_KEY_ID}";\n`,
            '.ide/gates.json': gatesJson(command('readme', 'test -f README.md'))
        });
        const events: GateProgressEvent[] = [];
        const result = await runQualityGates({ root: project.root }, { onProgress: event => events.push(event) });
        assert.deepEqual(statuses(result), { readme: 'pass', 'secret-scan': 'fail', 'tests-not-deleted': 'skipped' });
        assert.equal(result.status, 'fail');
        assert.equal(result.passed, false);
        assert.equal(result.root, project.root);
        const secretScan = result.gates.find(gate => gate.gate === 'secret-scan')!;
        assert.deepEqual(secretScan.findings.map(finding => `${finding.file}:${finding.line}`), ['src/config.ts:1']);
        assert.equal(result.gates.find(gate => gate.gate === 'tests-not-deleted')!.reason, 'not a git repository');
        assert.ok(!JSON.stringify(result).includes(AWS_ACCESS_KEY_ID));

        assert.equal(events[0].type, 'run-started');
        assert.deepEqual(events[0].type === 'run-started' && events[0].gates.map(gate => `${gate.name}:${gate.source}`),
            ['readme:config', 'secret-scan:builtin', 'tests-not-deleted:builtin']);
        assert.equal(events.filter(event => event.type === 'gate-started').length, 3);
        assert.equal(events.filter(event => event.type === 'gate-finished').length, 3);
        const last = events.at(-1)!;
        assert.equal(last.type === 'run-finished' && last.result, result);
        assert.ok(events.every(event => event.runId === result.id));
    });

    it('runs command gates one after another unless they are marked parallel', async () => {
        project = await createTestProject({
            '.ide/gates.json': gatesJson(command('first', 'sleep 0.5; touch first.done'), command('second', 'test -f first.done')),
            '.gitignore': ''
        });
        const sequential = await runQualityGates({ root: project.root, gates: ['first', 'second'] });
        assert.deepEqual(statuses(sequential), { first: 'pass', second: 'pass' });
        assert.equal(sequential.status, 'pass');
        assert.equal(sequential.passed, true);

        await project.remove('first.done');
        await project.write('.ide/gates.json', gatesJson(
            command('first', 'sleep 2; touch first.done', { parallel: true }), command('second', 'test -f first.done', { parallel: true })));
        const parallel = await runQualityGates({ root: project.root, gates: ['second', 'first'] });
        assert.deepEqual(parallel.gates.map(gate => `${gate.gate}:${gate.status}`), ['first:pass', 'second:fail'], 'in plan order');
    });

    it('a timed-out gate, a missing command and a cancelled run are errors; unstarted gates are skipped', async () => {
        project = await createTestProject({
            '.ide/gates.json': gatesJson(
                command('slow', 'sleep 30', { timeoutSeconds: 1 }),
                command('missing', 'no-such-command-for-quality-gates'),
                command('never', 'sleep 30'),
                command('after', 'true'),
                { kind: 'secret-scan', enabled: false },
                { kind: 'tests-not-deleted', enabled: false })
        });
        const started = Date.now();
        const result = await runQualityGates({ root: project.root, gates: ['slow', 'missing'] });
        assert.ok(Date.now() - started < 6000, 'the timeout stopped it');
        assert.deepEqual(result.gates.map(gate => `${gate.gate}:${gate.status}:${gate.reason}`), [
            'slow:error:timed out after 1 s; stopped (the command and everything it started were killed)',
            'missing:error:cannot start: command not found (exit code 127)'
        ]);
        assert.equal(result.status, 'error');
        assert.equal(result.passed, false);

        const cancel = new AbortController();
        const cancelled = runQualityGates({ root: project.root, gates: ['never', 'after'] }, {
            signal: cancel.signal,
            onProgress: event => event.type === 'gate-started' && setTimeout(() => cancel.abort(), 200)
        });
        const cancelledResult = await cancelled;
        assert.equal(cancelledResult.cancelled, true);
        assert.deepEqual(cancelledResult.gates.map(gate => `${gate.gate}:${gate.status}:${gate.reason}`), [
            'never:error:cancelled (the command and everything it started were killed)',
            'after:skipped:cancelled before it started'
        ]);
    });

    it('refuses unknown gate names and a root that is not a directory', async () => {
        project = await createTestProject({});
        await assert.rejects(runQualityGates({ root: project.root, gates: ['lint'] }), { name: 'QualityGateConfigError' });
        await assert.rejects(runQualityGates({ root: path.join(project.root, 'missing') }), { message: /^not a directory: / });
    });
});

describe('run history', () => {
    let project: TestProject | undefined;
    afterEach(() => project?.dispose());

    it('the runner records runs in .ide/gates/history.json when asked (not for scratch copies by default) and publishes progress', async () => {
        project = await createTestProject({ '.ide/gates.json': gatesJson(command('ok', 'true'), { kind: 'tests-not-deleted', enabled: false }) });
        const runner = new QualityGateRunner();
        const published: string[] = [];
        runner.onProgress(event => published.push(event.type));
        await runner.run({ root: project.root });
        await assert.rejects(fs.access(path.join(project.root, HISTORY_FILE)), 'a directory other than the workspace leaves no history by default');
        assert.deepEqual(published.filter(type => type.startsWith('run')), ['run-started', 'run-finished']);

        const first = await runner.run({ root: project.root }, { recordHistory: true });
        const second = await runner.run({ root: project.root, gates: ['ok'] }, { recordHistory: true });
        const history = await runner.history(project.root);
        assert.deepEqual(history.map(run => run.id), [second.id, first.id]);
        assert.deepEqual(history[1].gates.map(gate => gate.gate), ['ok', 'secret-scan']);
    });

    it('keeps the newest runs only, loses none when written at once, and leaves no temporary files', async () => {
        project = await createTestProject({});
        const history = new RunHistory(project.root, 3);
        const run = (n: number): GateRunResult => ({
            id: `run-${n}`, root: project!.root, startedAt: new Date(2026, 0, 1, 0, n).toISOString(), durationMs: n,
            status: 'pass', passed: true, gates: [{ gate: 'big', kind: 'command', status: 'pass', durationMs: 1, findings: [], log: 'x'.repeat(40_000) }]
        });
        await Promise.all([1, 2, 3, 4, 5].map(n => history.add(run(n))));
        const kept = await history.read();
        assert.deepEqual(kept.map(entry => entry.id), ['run-5', 'run-4', 'run-3']);
        assert.match(kept[0].gates[0].log, /^\[log cut: showing the last 16 KiB of 39 KiB\]\n/);
        assert.deepEqual(await fs.readdir(path.dirname(history.file)), ['history.json']);

        await fs.writeFile(history.file, '{ broken');
        assert.deepEqual(await history.read(), []);
        await history.add(run(6));
        assert.deepEqual((await history.read()).map(entry => entry.id), ['run-6']);
    });
});
