import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GrammarDefinition } from '@theia/monaco/lib/browser/textmate/textmate-registry';
import { TextmateRegistryFetchingGrammars } from './textmate-registry-fetching-grammars';

/** The registry with its fetch answered from `answers` in turn, each URL asked for recorded. */
function registry(answers: (() => Promise<string>)[]): { registry: TextmateRegistryFetchingGrammars; fetched: string[] } {
    const fetched: string[] = [];
    const testable = new TextmateRegistryFetchingGrammars();
    (testable as unknown as { fetchText: (url: string) => Promise<string> }).fetchText = url => { fetched.push(url); return answers.shift()!(); };
    return { registry: testable, fetched };
}

const definition = (content: object | string): GrammarDefinition => ({ format: 'json', content, location: './syntaxes/demo.json' });
const URL = 'hostedPlugin/acme_demo/syntaxes/demo.json';

test('a grammar left out of the metadata is fetched when first asked for, once, whoever asks', async () => {
    const { registry: grammars, fetched } = registry([async () => '{"scopeName":"source.demo"}']);
    grammars.registerTextmateGrammarScope('source.demo', { getGrammarDefinition: async () => definition({ fetchGrammarFrom: URL }), getInjections: () => ['text.injected'] });
    assert.deepEqual(fetched, []);
    const provider = grammars.getProvider('source.demo')!;
    const answers = await Promise.all([provider.getGrammarDefinition(), provider.getGrammarDefinition()]);
    assert.deepEqual(answers, Array(2).fill(definition('{"scopeName":"source.demo"}')));
    assert.deepEqual(await provider.getGrammarDefinition(), definition('{"scopeName":"source.demo"}'));
    assert.deepEqual(fetched, [URL]);
    assert.deepEqual(provider.getInjections?.('source.demo'), ['text.injected']);
});

test('a grammar whose content came with the metadata is not fetched', async () => {
    const { registry: grammars, fetched } = registry([]);
    const raw = { scopeName: 'source.inline', patterns: [] };
    grammars.registerTextmateGrammarScope('source.inline', { getGrammarDefinition: async () => definition(raw) });
    assert.deepEqual(await grammars.getProvider('source.inline')!.getGrammarDefinition(), definition(raw));
    assert.equal(grammars.getProvider('source.inline')!.getInjections, undefined);
    assert.deepEqual(fetched, []);
});

test('a failed fetch is not kept: the next time the grammar is asked for, it is fetched again', async () => {
    const { registry: grammars, fetched } = registry([async () => { throw new Error('could not fetch the grammar: HTTP 502'); }, async () => '{}']);
    grammars.registerTextmateGrammarScope('source.demo', { getGrammarDefinition: async () => definition({ fetchGrammarFrom: URL }) });
    const provider = grammars.getProvider('source.demo')!;
    await assert.rejects(provider.getGrammarDefinition(), /HTTP 502/);
    assert.deepEqual(await provider.getGrammarDefinition(), definition('{}'));
    assert.deepEqual(fetched, [URL, URL]);
});
