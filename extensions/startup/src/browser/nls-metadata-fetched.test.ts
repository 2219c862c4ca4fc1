import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchNlsMetadata, NlsMetadataInBundle } from './nls-metadata-fetched';

const BUNDLE = 'http://gateway.test/.gateway/assets/0123456789abcdef/bundle.js';

function fakeFetch(answers: Record<string, { status: number; body?: unknown }>, asked: string[]): typeof fetch {
    return (async (url: URL) => {
        asked.push(String(url));
        const answer = answers[String(url)] ?? { status: 404 };
        return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status });
    }) as unknown as typeof fetch;
}

test('the stand-in of the bundle is filled from the file beside the bundle, in place, once', async () => {
    const metadata: NlsMetadataInBundle = { keys: {}, messages: {}, fetchFrom: './nls.metadata-ABC.json' };
    const sameTables = { keys: metadata.keys, messages: metadata.messages };
    const asked: string[] = [];
    const file = 'http://gateway.test/.gateway/assets/0123456789abcdef/nls.metadata-ABC.json';
    const fetchFile = fakeFetch({ [file]: { status: 200, body: { keys: { 'vs/a': ['close'] }, messages: { 'vs/a': ['Close'] } } } }, asked);
    await fetchNlsMetadata(metadata, BUNDLE, fetchFile);
    assert.deepEqual(asked, [file]);
    assert.deepEqual(metadata, { keys: { 'vs/a': ['close'] }, messages: { 'vs/a': ['Close'] } });
    assert.equal(metadata.keys, sameTables.keys, 'the object Theia\'s nls.js holds is the one filled');
    await fetchNlsMetadata(metadata, BUNDLE, fetchFile);
    assert.equal(asked.length, 1, 'not fetched again');
});

test('nothing is fetched where the real file was required, and a missing file is an error naming it', async () => {
    const asked: string[] = [];
    await fetchNlsMetadata({ keys: { 'vs/a': ['x'] }, messages: { 'vs/a': ['X'] } }, BUNDLE, fakeFetch({}, asked));
    assert.deepEqual(asked, []);
    await assert.rejects(fetchNlsMetadata({ keys: {}, messages: {}, fetchFrom: './gone.json' }, BUNDLE, fakeFetch({}, asked)), /gone\.json: 404/);
});
