import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { brotliDecompressSync, gunzipSync } from 'zlib';
import express from '@theia/core/shared/express';
import { PluginFilesCompressed } from './plugin-files-compressed';

/** Theia's plugin file route on a port of its own, serving one plugin (`acme_demo`) from a folder with a grammar in it. */
async function servedPlugin(grammar: string): Promise<{ url: string; close: () => void }> {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-files-compressed-'));
    fs.mkdirSync(path.join(folder, 'syntaxes'));
    fs.writeFileSync(path.join(folder, 'syntaxes', 'demo.json'), grammar);
    const reader = new PluginFilesCompressed();
    (reader as unknown as { pluginsIdsFiles: Map<string, string> }).pluginsIdsFiles.set('acme_demo', folder);
    const app = express();
    reader.configure(app);
    const server = http.createServer(app);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hostedPlugin/acme_demo/syntaxes/demo.json`, close: () => server.close() };
}

function get(url: string, headers: http.OutgoingHttpHeaders): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => http.get(url, { headers }, response => {
        const chunks: Buffer[] = [];
        response.on('data', chunk => chunks.push(chunk)).on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) })).on('error', reject);
    }).on('error', reject));
}

test('a plugin\'s file comes compressed as the browser accepts (brotli, gzip), as it is to one that accepts neither', async () => {
    const grammar = JSON.stringify({ scopeName: 'source.demo', patterns: Array.from({ length: 500 }, (_, i) => ({ match: `keyword${i}`, name: 'keyword.demo' })) });
    const plugin = await servedPlugin(grammar);
    try {
        const brotli = await get(plugin.url, { 'accept-encoding': 'gzip, deflate, br' });
        assert.equal(brotli.headers['content-encoding'], 'br');
        assert.ok(brotli.body.length < grammar.length / 5, `${brotli.body.length} bytes on the wire for ${grammar.length}`);
        assert.equal(brotliDecompressSync(brotli.body).toString(), grammar);
        const gzip = await get(plugin.url, { 'accept-encoding': 'gzip' });
        assert.equal(gzip.headers['content-encoding'], 'gzip');
        assert.equal(gunzipSync(gzip.body).toString(), grammar);
        const plain = await get(plugin.url, { 'accept-encoding': 'identity' });
        assert.equal(plain.headers['content-encoding'], undefined);
        assert.equal(plain.body.toString(), grammar);
    } finally {
        plugin.close();
    }
});
