import { afterEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkTestsNotDeleted, compareTestFile, TestsNotDeletedResult } from './tests-not-deleted';
import { createTestProject, TestProject } from '../test-helpers/temp-project';

const MATH_TESTS = [
    "import { add, sub } from './math';",
    '',
    "describe('math', () => {",
    "    it('adds', () => expect(add(1, 2)).toBe(3));",
    "    it('subtracts', () => expect(sub(3, 2)).toBe(1));",
    "    test('adds negatives', () => expect(add(-1, -2)).toBe(-3));",
    '});',
    ''
].join('\n');

function findingsOf(result: TestsNotDeletedResult): string[] {
    assert.equal(result.status, 'checked', JSON.stringify(result));
    return result.status === 'checked' ? result.findings.map(finding => `${finding.file}:${finding.line} ${finding.rule}`) : [];
}

describe('tests not deleted or skipped', () => {
    let project: TestProject | undefined;
    afterEach(() => project?.dispose());

    async function committedProject(): Promise<TestProject> {
        project = await createTestProject({
            'src/math.ts': 'export const add = (a: number, b: number) => a + b;\nexport const sub = (a: number, b: number) => a - b;\n',
            'src/math.test.ts': MATH_TESTS,
            'src/io.spec.ts': "it('reads', () => {});\nit('writes', () => {});\n",
            'tests/test_api.py': 'def test_get():\n    assert True\n\ndef test_post():\n    assert True\n'
        });
        project.commitAll();
        return project;
    }

    it('passes an honest change: code and tests changed, tests added and renamed', async () => {
        const project = await committedProject();
        await project.write('src/math.ts', 'export const add = (a: number, b: number) => b + a;\nexport const sub = (a: number, b: number) => a - b;\n');
        await project.write('src/math.test.ts', MATH_TESTS.replace("it('adds'", "it('adds two numbers'").replace('});\n', "    it('is pure', () => {});\n});\n"));
        await project.write('src/new.test.ts', "it('works', () => {});\n");
        project.git('mv', 'src/io.spec.ts', 'src/files.spec.ts');
        const result = await checkTestsNotDeleted(project.root);
        assert.deepEqual(findingsOf(result), []);
        assert.match(result.status === 'checked' ? result.summary : '', /compared the working tree with HEAD \([0-9a-f]{12}\): 4 changed files, 3 changed test files, 0 findings/);
    });

    it('flags a deleted test file, a removed test case and an added .skip, staged or not, with file:line', async () => {
        const project = await committedProject();
        await project.remove('src/io.spec.ts');
        await project.write('src/math.test.ts', MATH_TESTS
            .replace("    it('subtracts', () => expect(sub(3, 2)).toBe(1));\n", '')
            .replace("test('adds negatives'", "test.skip('adds negatives'"));
        project.git('add', 'src/math.test.ts');
        await project.write('tests/test_api.py', 'import pytest\n\ndef test_get():\n    assert True\n\n@pytest.mark.skip(reason="flaky")\ndef test_post():\n    assert True\n');
        const result = await checkTestsNotDeleted(project.root);
        assert.deepEqual(findingsOf(result), [
            'src/io.spec.ts:1 test-file-deleted',
            'src/math.test.ts:5 test-case-removed',
            'src/math.test.ts:5 test-skip-added',
            'tests/test_api.py:6 test-skip-added'
        ]);
        const messages = result.status === 'checked' ? result.findings.map(finding => finding.message) : [];
        assert.equal(messages[0], 'test file deleted (it had 2 test cases)');
        assert.equal(messages[1], "test case removed (3 → 2 test cases; it was at line 5): it('subtracts', () => expect(sub(3, 2)).toBe(1));");
        assert.equal(messages[2], "test skipped: test.skip('adds negatives', () => expect(add(-1, -2)).toBe(-3));");
    });

    it('flags focus and skips in a new untracked test file, and compares with a given base ref', async () => {
        const project = await committedProject();
        await project.write('src/other.test.ts', "describe.only('other', () => {\n    xit('later', () => {});\n});\n");
        assert.deepEqual(findingsOf(await checkTestsNotDeleted(project.root)), ['src/other.test.ts:1 test-focus-added', 'src/other.test.ts:2 test-skip-added']);

        project.git('add', '-A');
        project.git('commit', '-q', '-m', 'focus');
        assert.deepEqual(findingsOf(await checkTestsNotDeleted(project.root)), [], 'committed: nothing changed since HEAD');
        assert.deepEqual(findingsOf(await checkTestsNotDeleted(project.root, { baseRef: 'HEAD~1' })).length, 2);
        await assert.rejects(checkTestsNotDeleted(project.root, { baseRef: 'no-such-branch' }), { message: 'unknown git revision "no-such-branch"' });
    });

    it('a renamed test file that is no longer a test file counts as deleted', async () => {
        const project = await committedProject();
        project.git('mv', 'src/io.spec.ts', 'src/io-notes.ts');
        assert.deepEqual(findingsOf(await checkTestsNotDeleted(project.root)), ['src/io.spec.ts:1 test-file-deleted']);
    });

    it('is not applicable outside a git repository', async () => {
        project = await createTestProject({ 'a.test.ts': "it('a', () => {});\n" });
        assert.deepEqual(await checkTestsNotDeleted(project.root), { status: 'not-applicable', reason: 'not a git repository' });
    });

    it('knows Go and Rust tests', () => {
        const goBefore = 'func TestA(t *testing.T) {}\nfunc TestB(t *testing.T) {}\n';
        const goAfter = 'func TestA(t *testing.T) {\n\tt.Skip("later")\n}\n';
        assert.deepEqual(compareTestFile('a_test.go', goBefore, goAfter, 'go').map(finding => `${finding.line} ${finding.rule}`),
            ['2 test-case-removed', '2 test-skip-added']);
        const rustAfter = '#[test]\n#[ignore]\nfn a() {}\n';
        assert.deepEqual(compareTestFile('tests/a.rs', '#[test]\nfn a() {}\n', rustAfter, 'rust').map(finding => finding.rule), ['test-skip-added']);
        assert.deepEqual(compareTestFile('a.test.js', "// it.skip('x')\nit('x', () => {});\n", "// it.skip('x')\nit('x', () => {});\n", 'js'), []);
        assert.deepEqual(compareTestFile('a.test.js', '', "const fixture = \"it.only('x')\";\nit('uses it.skip( in a title', () => {});\n", 'js'), [],
            'markers inside string literals are text, not code');
    });
});
