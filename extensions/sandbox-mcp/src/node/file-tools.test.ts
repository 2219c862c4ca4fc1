import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs/promises';
import * as path from 'path';
import { MAX_READ_BYTES } from '../common/tool-definitions';
import { Harness, startHarness, textOf } from '../test-helpers/tool-call-harness';

describe('file tools', () => {
    let harness: Harness;
    let file: (relative: string) => string;
    before(async () => {
        harness = await startHarness();
        file = relative => path.join(harness.root, relative);
    });
    after(() => harness.close());

    describe('write_file and read_text_file', () => {
        it('round-trips 5 MB of multi-byte text, creating parent directories', async () => {
            const line = 'grüße, 世界, emoji 🚀, tab\tend\n';
            const content = line.repeat(Math.ceil(5 * 1024 * 1024 / Buffer.byteLength(line)));
            const written = await harness.call('write_file', { path: 'deep/er/big.txt', content });
            assert.equal(written.result?.isError, false, textOf(written));
            assert.match(textOf(written), /^created deep\/er\/big\.txt \(\d+ bytes\)$/);
            assert.equal(await fs.readFile(file('deep/er/big.txt'), 'utf8'), content);

            const read = await harness.call('read_text_file', { path: 'deep/er/big.txt' });
            assert.equal(read.result?.isError, false);
            assert.equal(textOf(read), content);
            assert.equal(read.result?.structuredContent?.truncated, false);
            assert.equal(read.result?.structuredContent?.totalBytes, Buffer.byteLength(content));
        });

        it('overwrites and says so', async () => {
            await harness.call('write_file', { path: 'over.txt', content: 'one' });
            const second = await harness.call('write_file', { path: 'over.txt', content: 'two' });
            assert.match(textOf(second), /^overwrote over\.txt/);
            assert.equal(await fs.readFile(file('over.txt'), 'utf8'), 'two');
        });

        it('refuses to write over a directory', async () => {
            await fs.mkdir(file('a-dir'));
            const response = await harness.call('write_file', { path: 'a-dir', content: 'x' });
            assert.equal(response.result?.isError, true);
            assert.equal(textOf(response), 'path "a-dir" is a directory, not a file');
        });

        it('selects lines with offset/limit, head and tail', async () => {
            await fs.writeFile(file('lines.txt'), Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
            const read = async (args: Record<string, unknown>) => textOf(await harness.call('read_text_file', { path: 'lines.txt', ...args }));
            assert.equal(await read({ offset: 3, limit: 2 }), 'line 3\nline 4\n');
            assert.equal(await read({ offset: 9 }), 'line 9\nline 10\n');
            assert.equal(await read({ head: 2 }), 'line 1\nline 2\n');
            assert.equal(await read({ tail: 2 }), 'line 9\nline 10\n');
            assert.equal(await read({ tail: 50 }), (await fs.readFile(file('lines.txt'), 'utf8')));
            const response = await harness.call('read_text_file', { path: 'lines.txt', offset: 4, limit: 1 });
            assert.deepEqual(response.result?.structuredContent,
                { path: 'lines.txt', truncated: false, firstLine: 4, lastLine: 4, totalLines: 10, totalBytes: 71 });
        });

        it('refuses head with tail, and either with offset/limit', async () => {
            for (const args of [{ head: 1, tail: 1 }, { head: 1, offset: 2 }, { tail: 1, limit: 2 }]) {
                const response = await harness.call('read_text_file', { path: 'lines.txt', ...args });
                assert.equal(response.result?.isError, true);
                assert.match(textOf(response), /use only one of head, tail or offset\/limit/);
            }
        });

        it('says when offset is past the end, and when the file is missing or a directory', async () => {
            assert.equal(textOf(await harness.call('read_text_file', { path: 'lines.txt', offset: 11 })),
                'offset 11 is past the end of lines.txt (10 lines)');
            assert.equal(textOf(await harness.call('read_text_file', { path: 'nope.txt' })), 'path "nope.txt" does not exist');
            assert.equal(textOf(await harness.call('read_text_file', { path: 'a-dir' })), 'path "a-dir" is a directory, not a file');
        });

        it(`cuts output at ${MAX_READ_BYTES} bytes on a line boundary and says so, in text and structuredContent`, async () => {
            const line = 'x'.repeat(99) + '\n';
            const lines = Math.ceil(MAX_READ_BYTES / line.length) + 1000;
            await fs.writeFile(file('huge.txt'), line.repeat(lines));
            const response = await harness.call('read_text_file', { path: 'huge.txt' });
            const text = textOf(response);
            const shownLines = Math.floor(MAX_READ_BYTES / line.length);
            assert.ok(text.startsWith(line.repeat(shownLines)));
            assert.equal(text.slice(shownLines * line.length),
                `\n[truncated at 8 MiB: showing lines 1-${shownLines} of ${lines} (the file has ${lines * 100} bytes); continue with offset ${shownLines + 1}]`);
            assert.deepEqual(response.result?.structuredContent,
                { path: 'huge.txt', truncated: true, firstLine: 1, lastLine: shownLines, totalLines: lines, totalBytes: lines * 100 });

            const tail = await harness.call('read_text_file', { path: 'huge.txt', tail: lines });
            assert.equal(tail.result?.structuredContent?.truncated, true);
            assert.equal(tail.result?.structuredContent?.lastLine, lines);
            assert.match(textOf(tail), /read earlier lines with offset and limit\]$/);
        });
    });

    describe('edit_file', () => {
        const original = 'function a() {\n    return 1;\n}\n\nfunction b() {\n    return 1;\n}\n';

        before(() => fs.writeFile(file('code.ts'), original));

        it('returns a unified diff and writes nothing on dryRun', async () => {
            const response = await harness.call('edit_file', {
                path: 'code.ts', dryRun: true,
                edits: [{ oldText: 'function a() {\n    return 1;', newText: 'function a() {\n    return 2;' }]
            });
            assert.equal(response.result?.isError, false, textOf(response));
            assert.equal(textOf(response), 'dry run: 1 edit to code.ts, nothing written\n\n' +
                '--- a/code.ts\n+++ b/code.ts\n@@ -1,5 +1,5 @@\n function a() {\n-    return 1;\n+    return 2;\n }\n \n function b() {\n');
            assert.equal(response.result?.structuredContent?.written, false);
            assert.equal(await fs.readFile(file('code.ts'), 'utf8'), original);
        });

        it('applies edits in order', async () => {
            const response = await harness.call('edit_file', {
                path: 'code.ts',
                edits: [
                    { oldText: 'function a() {\n    return 1;', newText: 'function a() {\n    return 2;' },
                    { oldText: 'return 1;', newText: 'return 3;' }
                ]
            });
            assert.match(textOf(response), /^applied 2 edits to code\.ts\n\n--- a\/code\.ts/);
            assert.equal(await fs.readFile(file('code.ts'), 'utf8'), original.replace('return 1', 'return 2').replace('return 1', 'return 3'));
        });

        it('refuses ambiguous and missing oldText, naming the edit, and writes nothing', async () => {
            await fs.writeFile(file('code.ts'), original);
            const ambiguous = await harness.call('edit_file', {
                path: 'code.ts',
                edits: [{ oldText: 'function a', newText: 'function alpha' }, { oldText: 'return 1;', newText: 'return 2;' }]
            });
            assert.equal(ambiguous.result?.isError, true);
            assert.equal(textOf(ambiguous), 'edits[1].oldText is ambiguous: it occurs 2 times in code.ts; ' +
                'include more surrounding text so that it occurs exactly once');

            const missing = await harness.call('edit_file', { path: 'code.ts', edits: [{ oldText: 'return 42;', newText: '' }] });
            assert.equal(missing.result?.isError, true);
            assert.match(textOf(missing), /^edits\[0\]\.oldText was not found in code\.ts; it must match the file exactly/);
            assert.equal(await fs.readFile(file('code.ts'), 'utf8'), original);
        });

        it('matches LF oldText in a CRLF file and keeps CRLF', async () => {
            await fs.writeFile(file('crlf.txt'), 'one\r\ntwo\r\nthree\r\n');
            const response = await harness.call('edit_file', { path: 'crlf.txt', edits: [{ oldText: 'one\ntwo', newText: 'one\n2' }] });
            assert.equal(response.result?.isError, false, textOf(response));
            assert.equal(await fs.readFile(file('crlf.txt'), 'utf8'), 'one\r\n2\r\nthree\r\n');
        });
    });

    describe('list_directory', () => {
        it('lists [DIR] and [FILE] entries sorted by name, symlinks as what they point to', async () => {
            await fs.mkdir(file('listing/b-dir'), { recursive: true });
            await fs.writeFile(file('listing/a.txt'), '');
            await fs.writeFile(file('listing/C.txt'), '');
            await fs.symlink('b-dir', file('listing/link-to-dir'));
            const response = await harness.call('list_directory', { path: 'listing' });
            assert.equal(textOf(response), '[FILE] C.txt\n[FILE] a.txt\n[DIR] b-dir\n[DIR] link-to-dir');
            assert.deepEqual(response.result?.structuredContent, { path: 'listing', totalEntries: 4, truncated: false });
        });

        it('stops at 5000 entries and says how many there are', async () => {
            await fs.mkdir(file('many'));
            await Promise.all(Array.from({ length: 5003 }, (_, i) => fs.writeFile(file(`many/f${String(i).padStart(5, '0')}`), '')));
            const text = textOf(await harness.call('list_directory', { path: 'many' }));
            const lines = text.split('\n');
            assert.equal(lines.length, 5001);
            assert.equal(lines[4999], '[FILE] f04999');
            assert.equal(lines[5000], '[truncated: showing the first 5000 of 5003 entries]');
        });

        it('says when the path is not a directory', async () => {
            assert.equal(textOf(await harness.call('list_directory', { path: 'over.txt' })), 'path "over.txt" is not a directory');
        });
    });

    describe('search_files', () => {
        before(async () => {
            await fs.mkdir(file('search/src'), { recursive: true });
            await fs.writeFile(file('search/src/main.ts'), 'const needle = 1;\nconst other = 2;\nconst NEEDLE = 3;\n');
            await fs.writeFile(file('search/src/util.py'), 'needle = True\n');
            await fs.writeFile(file('search/.hidden.ts'), 'needle hidden\n');
            await fs.mkdir(file('search/.git'));
            await fs.writeFile(file('search/.git/config'), 'needle in git\n');
            await fs.writeFile(file('search/.gitignore'), 'ignored.txt\n');
            await fs.writeFile(file('search/ignored.txt'), 'needle ignored\n');
        });

        it('finds lines as "file:line: text" relative to the workspace, with hidden files, without .git and ignored files', async () => {
            const response = await harness.call('search_files', { pattern: 'needle', path: 'search' });
            assert.equal(textOf(response), 'search/.hidden.ts:1: needle hidden\n' +
                'search/src/main.ts:1: const needle = 1;\nsearch/src/main.ts:3: const NEEDLE = 3;\nsearch/src/util.py:1: needle = True');
            assert.deepEqual(response.result?.structuredContent, { matchCount: 4, truncated: false });
        });

        it('uses smart case when caseSensitive is omitted', async () => {
            assert.equal(textOf(await harness.call('search_files', { pattern: 'NEEDLE', path: 'search' })),
                'search/src/main.ts:3: const NEEDLE = 3;');
        });

        it('filters by glob and honours caseSensitive', async () => {
            assert.equal(textOf(await harness.call('search_files', { pattern: 'needle', path: 'search', glob: '*.ts', caseSensitive: false })),
                'search/.hidden.ts:1: needle hidden\nsearch/src/main.ts:1: const needle = 1;\nsearch/src/main.ts:3: const NEEDLE = 3;');
            assert.equal(textOf(await harness.call('search_files', { pattern: 'NEEDLE', path: 'search/src', caseSensitive: true })),
                'search/src/main.ts:3: const NEEDLE = 3;');
        });

        it('searches the whole workspace by default and cuts at maxResults, saying so', async () => {
            const response = await harness.call('search_files', { pattern: 'const', maxResults: 2 });
            assert.equal(textOf(response), 'search/src/main.ts:1: const needle = 1;\nsearch/src/main.ts:2: const other = 2;\n' +
                '[truncated: showing the first 2 matching lines; narrow the search with path or glob, or raise maxResults (at most 2000)]');
            assert.deepEqual(response.result?.structuredContent, { matchCount: 2, truncated: true });
        });

        it('reports no matches, bad regexes and maxResults over the cap', async () => {
            assert.equal(textOf(await harness.call('search_files', { pattern: 'zzz-nothing', path: 'search' })), 'no matches for "zzz-nothing" in search');
            const bad = await harness.call('search_files', { pattern: 'needle(' });
            assert.equal(bad.result?.isError, true);
            assert.match(textOf(bad), /^pattern "needle\(" is not a valid regular expression:/);
            const tooMany = await harness.call('search_files', { pattern: 'x', maxResults: 2001 });
            assert.equal(textOf(tooMany), 'invalid arguments for search_files: maxResults: at most 2000 results per search');
        });
    });
});
