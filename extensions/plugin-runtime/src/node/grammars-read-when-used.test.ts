import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GrammarsReadWhenUsed } from './grammars-read-when-used';

function pluginFolder(files: Record<string, string>): string {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'grammars-read-when-used-'));
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
        fs.writeFileSync(path.join(folder, name), text);
    }
    return folder;
}

const GRAMMAR = JSON.stringify({ scopeName: 'source.demo', patterns: [{ match: 'demo', name: 'keyword.demo' }] });

test('a grammar is described as Theia reads it, with where to fetch it in place of its content', async () => {
    const folder = pluginFolder({ 'package.json': JSON.stringify({ publisher: 'acme-co', name: 'demo.lang' }), 'syntaxes/demo grammar.json': GRAMMAR, 'syntaxes/demo.plist': '<plist/>' });
    const grammars = await new GrammarsReadWhenUsed().readGrammars([
        { language: 'demo', scopeName: 'source.demo', path: './syntaxes/demo grammar.json', tokenTypes: { 'string.demo': 'string' } },
        { scopeName: 'text.demo.injection', path: 'syntaxes//demo.plist', injectTo: ['source.demo'] }
    ], folder);
    assert.deepEqual(grammars, [
        {
            language: 'demo', scope: 'source.demo', format: 'json', grammarLocation: './syntaxes/demo grammar.json',
            grammar: { fetchGrammarFrom: 'hostedPlugin/acme_co_demo_lang/syntaxes/demo%20grammar.json' },
            injectTo: undefined, embeddedLanguages: undefined, tokenTypes: { 'string.demo': 'string' }
        },
        {
            language: undefined, scope: 'text.demo.injection', format: 'plist', grammarLocation: 'syntaxes//demo.plist',
            grammar: { fetchGrammarFrom: 'hostedPlugin/acme_co_demo_lang/syntaxes/demo.plist' },
            injectTo: ['source.demo'], embeddedLanguages: undefined, tokenTypes: undefined
        }
    ]);
});

test('a grammar file that is missing or not JSON fails the scan, as it does in Theia', async () => {
    const folder = pluginFolder({ 'package.json': JSON.stringify({ publisher: 'acme', name: 'demo' }), 'syntaxes/broken.json': '{ "scopeName": ' });
    const reader = new GrammarsReadWhenUsed();
    await assert.rejects(reader.readGrammars([{ language: 'demo', scopeName: 'source.demo', path: './syntaxes/broken.json' }], folder));
    await assert.rejects(reader.readGrammars([{ language: 'demo', scopeName: 'source.demo', path: './syntaxes/missing.json' }], folder));
});

test('every built-in extension\'s grammar is left out of the metadata and can be fetched by the URL given', async () => {
    const plugins = path.resolve(__dirname, '../../../../build/ide-runtime/plugins');
    let seen = 0;
    for (const folder of fs.readdirSync(plugins)) {
        const manifest = JSON.parse(fs.readFileSync(path.join(plugins, folder, 'package.json'), 'utf8'));
        for (const grammar of await new GrammarsReadWhenUsed().readGrammars(manifest.contributes?.grammars ?? [], path.join(plugins, folder))) {
            const url = (grammar.grammar as { fetchGrammarFrom: string }).fetchGrammarFrom;
            const [, pluginId, ...file] = url.split('/');
            assert.equal(pluginId, `${manifest.publisher}_${manifest.name}`.replace(/\W/g, '_'));
            assert.ok(fs.statSync(path.join(plugins, folder, ...file.map(decodeURIComponent))).isFile(), url);
            seen++;
        }
    }
    assert.ok(seen >= 20, `only ${seen} grammars among the built-in extensions`);
});
