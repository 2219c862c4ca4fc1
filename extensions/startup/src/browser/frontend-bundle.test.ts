import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fs from 'fs';
import * as path from 'path';

// The built frontend (npm run build makes it), as the gateway serves it.
const FRONTEND = path.resolve(__dirname, '../../../../browser-app/lib/frontend');

test('the frontend bundle holds no zod: the gateway\'s validation library is no part of the page', () => {
    // zod's error class names itself in a string that minifying keeps; 570 kB of the bundle when a shared constant pulled it in.
    assert.equal(fs.readFileSync(path.join(FRONTEND, 'bundle.js'), 'utf8').includes('"ZodError"'), false);
});

test('Theia\'s translation metadata is a file beside the bundle, named in it and listed for the gateway, not inside it', () => {
    const bundle = fs.readFileSync(path.join(FRONTEND, 'bundle.js'), 'utf8');
    const named = /"\.\/(nls\.metadata-[A-Z0-9]+\.json)"/.exec(bundle);
    assert.ok(named, 'the bundle names the file');
    const theirs = JSON.parse(fs.readFileSync(require.resolve('@theia/core/src/common/i18n/nls.metadata.json'), 'utf8'));
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(FRONTEND, named[1]), 'utf8')), theirs);
    const manifest = JSON.parse(fs.readFileSync(path.join(FRONTEND, 'asset-manifest.json'), 'utf8'));
    assert.deepEqual(manifest.files[named[1]]?.encodings, ['br', 'gzip']);
    // Inlined, every message is in the bundle; the few used literally in the code are.
    const messages = (Object.values(theirs.messages) as string[][]).flat().filter(message => message.length >= 40);
    const literals = stringLiterals(bundle);
    const inBundle = messages.filter(message => literals.has(JSON.stringify(message))).length;
    assert.ok(inBundle < messages.length / 4, `${inBundle} of ${messages.length} long messages are in the bundle`);
});

test('the JSON schema catalog in the bundle is what Theia reads of it: each matched schema\'s files and URL, no descriptions', () => {
    const literals = stringLiterals(fs.readFileSync(path.join(FRONTEND, 'bundle.js'), 'utf8'));
    const { schemas } = JSON.parse(fs.readFileSync(require.resolve('@theia/core/lib/browser/catalog.json'), 'utf8')) as
        { schemas: { description?: string; fileMatch?: string[]; url: string }[] };
    const inBundle = (text: string) => literals.has(JSON.stringify(text));
    const missing = schemas.filter(schema => schema.fileMatch && !(inBundle(schema.url) && schema.fileMatch.every(inBundle)));
    assert.deepEqual(missing.map(schema => schema.url), []);
    const descriptions = schemas.map(schema => schema.description ?? '').filter(description => description.length >= 40);
    const described = descriptions.filter(inBundle).length;
    assert.ok(described < descriptions.length / 10, `${described} of ${descriptions.length} descriptions are in the bundle`);
});

/** The bundle's double-quoted string literals, as written: one pass, instead of a search of 12 MB per string looked for. */
function stringLiterals(bundle: string): Set<string> {
    return new Set(bundle.match(/"(?:[^"\\\n]|\\.)*"/g));
}
