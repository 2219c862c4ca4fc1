import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { TUNNEL_IDLE_CONNECTIONS } from '@ide/sandbox-contract';
import { MAX_TOOL_REQUEST_BYTES, TOOL_CALL_CONTENT_TYPE } from '../common/tool-definitions';
import { Harness, startHarness, textOf, waitFor } from '../test-helpers/tool-call-harness';

describe('POST /.ide/tools/call', () => {
    let harness: Harness;
    before(async () => { harness = await startHarness(); });
    after(() => harness.close());

    it('answers a call with NDJSON ending in exactly one result line', async () => {
        const response = await harness.call('list_directory', { path: '.' });
        assert.equal(response.status, 200);
        assert.equal(response.contentType, TOOL_CALL_CONTENT_TYPE);
        const lines = response.body.trimEnd().split('\n').map(line => JSON.parse(line));
        assert.equal(lines.filter(line => line.type === 'result').length, 1);
        assert.equal(lines.at(-1).type, 'result');
        assert.deepEqual(Object.keys(lines.at(-1)).sort(), ['content', 'isError', 'structuredContent', 'type']);
    });

    it('is reached only over connections it dialed to the tools tunnel, and dials a replacement for each one a call takes', async () => {
        await waitFor(() => harness.idleConnections() === TUNNEL_IDLE_CONNECTIONS.tools, 2000, 'the idle connections');
        const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => harness.call('run_command', { command: `echo call-${i}` })));
        responses.forEach((response, i) => assert.match(textOf(response), new RegExp(`^call-${i}$`, 'm')));
        await waitFor(() => harness.idleConnections() === TUNNEL_IDLE_CONNECTIONS.tools, 2000, 'the replacements');
    });

    it('refuses malformed JSON with 400', async () => {
        const response = await harness.post('{"tool": "list_directory", ');
        assert.equal(response.status, 400);
        assert.match(JSON.parse(response.body).error, /not JSON/);
    });

    it('refuses bodies of the wrong shape with 400', async () => {
        for (const body of ['[]', '{"tool": 1, "arguments": {}}', '{"tool": "list_directory"}', '{"tool": "list_directory", "arguments": []}']) {
            const response = await harness.post(body);
            assert.equal(response.status, 400, body);
            assert.match(JSON.parse(response.body).error, /must be \{"tool": string, "arguments": object\}/);
        }
    });

    it('answers an unknown tool with 404', async () => {
        const response = await harness.call('format_disk', {});
        assert.equal(response.status, 404);
        assert.deepEqual(JSON.parse(response.body), { error: 'unknown tool "format_disk"' });
    });

    it('refuses a body over the limit with 413, by Content-Length', async () => {
        const body = Buffer.alloc(MAX_TOOL_REQUEST_BYTES + 1, 'x');
        const response = await harness.post(body, { 'content-type': 'application/json', 'content-length': body.length });
        assert.equal(response.status, 413);
        assert.match(JSON.parse(response.body).error, /larger than 16777216 bytes/);
    });

    it('refuses a chunked body over the limit with 413 while reading it', async () => {
        const content = 'y'.repeat(MAX_TOOL_REQUEST_BYTES);
        const body = JSON.stringify({ tool: 'write_file', arguments: { path: 'too-big.txt', content } });
        const response = await harness.post(body, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
        assert.equal(response.status, 413);
        const next = await harness.call('read_text_file', { path: 'too-big.txt' });
        assert.equal(next.result?.isError, true, 'nothing was written');
    });

    it('accepts a body just under the limit', async () => {
        const content = 'z'.repeat(MAX_TOOL_REQUEST_BYTES - 100);
        const response = await harness.call('write_file', { path: 'big.txt', content });
        assert.equal(response.status, 200);
        assert.equal(response.result?.isError, false, textOf(response));
    });

    it('turns invalid arguments into an isError result naming the argument', async () => {
        const response = await harness.call('read_text_file', { path: 7, extra: true });
        assert.equal(response.status, 200);
        assert.equal(response.result?.isError, true);
        assert.match(textOf(response), /^invalid arguments for read_text_file: path: Invalid input: expected string, received number; Unrecognized key: "extra"$/);

        const nested = await harness.call('edit_file', { path: 'a', edits: [{ oldText: 'x', newText: 'y' }, { oldText: '' }] });
        assert.match(textOf(nested), /edits\[1\]\.oldText: Too small/);
        assert.match(textOf(nested), /edits\[1\]\.newText: Invalid input/);
    });
});
