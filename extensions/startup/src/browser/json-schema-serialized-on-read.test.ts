import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import URI from '@theia/core/lib/common/uri';
import { JsonSchemaSerializedOnRead } from './json-schema-serialized-on-read';

const SETTINGS = new URI('vscode://schemas/settings/user');

/** A schema that counts how often it is serialised. */
function countedSchema(title: string): { schema: object; serialised: () => number } {
    let count = 0;
    const properties = { 'editor.tabSize': { type: 'number' } };
    return { schema: { title, properties, toJSON: () => { count++; return { title, properties }; } }, serialised: () => count };
}

test('a schema is serialised when first read, not each time it is set', () => {
    const store = new JsonSchemaSerializedOnRead();
    const first = countedSchema('first');
    store.setSchema(SETTINGS, first.schema);
    store.setSchema(SETTINGS, first.schema);
    assert.equal(first.serialised(), 0);
    assert.equal(store.hasSchema(SETTINGS), true);
    assert.deepEqual(JSON.parse(store.getSchema(SETTINGS)!), { title: 'first', properties: { 'editor.tabSize': { type: 'number' } } });
    store.getSchema(SETTINGS);
    assert.equal(first.serialised(), 1, 'the text is kept once made');
});

test('the schema read is the last one set, as text or as an object', () => {
    const store = new JsonSchemaSerializedOnRead();
    store.setSchema(SETTINGS, countedSchema('first').schema);
    store.getSchema(SETTINGS);
    store.setSchema(SETTINGS, countedSchema('second').schema);
    assert.equal(JSON.parse(store.getSchema(SETTINGS)!).title, 'second');
    store.setSchema(SETTINGS, '{"title":"text"}');
    assert.equal(store.getSchema(SETTINGS), '{"title":"text"}');
    store.setSchema(SETTINGS, countedSchema('third').schema);
    assert.equal(JSON.parse(store.getSchema(SETTINGS)!).title, 'third');
});

test('every set and delete is announced; a deleted schema is gone; deleting an unknown one announces nothing', () => {
    const store = new JsonSchemaSerializedOnRead();
    const announced: string[] = [];
    store.onDidSchemaUpdate(uri => announced.push(uri.toString()));
    store.setSchema(SETTINGS, countedSchema('first').schema);
    store.setSchema(SETTINGS, '{}');
    store.deleteSchema(SETTINGS);
    store.deleteSchema(SETTINGS);
    store.setSchema(SETTINGS, countedSchema('unread').schema);
    store.deleteSchema(SETTINGS);
    assert.deepEqual(announced, Array(5).fill(SETTINGS.toString()));
    assert.equal(store.hasSchema(SETTINGS), false);
    assert.equal(store.getSchema(SETTINGS), undefined);
});
