import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// The IDE runtime as sandboxes mount it (npm run build makes it): its Node and its plugins/.
const RUNTIME = path.resolve(__dirname, '../../../../build/ide-runtime');
const PLUGINS = path.join(RUNTIME, 'plugins');

interface Manifest {
    name: string;
    publisher: string;
    version: string;
    main?: string;
    engines?: { vscode?: string };
    contributes?: {
        languages?: { id: string; configuration?: string }[];
        grammars?: { path: string; scopeName: string }[];
    };
}

interface ServerEntry {
    id: string;
    module: string;
    args?: string[];
    initializationOptions?: object;
}

const manifest = (folder: string): Manifest => JSON.parse(fs.readFileSync(path.join(PLUGINS, folder, 'package.json'), 'utf8'));
const parsesAsJson = (file: string) => assert.doesNotThrow(() => JSON.parse(fs.readFileSync(file, 'utf8')), file);

/** Starts a server over stdio and resolves with its answer to `initialize`; the server is stopped after. */
function initialize(server: ServerEntry, folder: string): Promise<{ capabilities: Record<string, unknown> }> {
    const child = spawn(path.join(RUNTIME, 'node'), [path.join(folder, server.module), ...server.args ?? [], '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    return new Promise<{ capabilities: Record<string, unknown> }>((resolve, reject) => {
        let received = Buffer.alloc(0);
        let stderr = '';
        const timer = setTimeout(() => reject(new Error(`${server.id}: no answer to initialize in 30 s; stderr: ${stderr}`)), 30_000);
        child.stderr.on('data', chunk => { stderr += chunk; });
        child.on('exit', code => reject(new Error(`${server.id} exited with ${code}: ${stderr}`)));
        child.stdout.on('data', chunk => {
            received = Buffer.concat([received, chunk]);
            for (;;) {
                const header = /Content-Length: (\d+)\r\n\r\n/.exec(received.toString('latin1'));
                if (!header) {
                    return;
                }
                const start = header.index + header[0].length;
                const length = Number(header[1]);
                if (received.length < start + length) {
                    return;
                }
                const message = JSON.parse(received.subarray(start, start + length).toString('utf8'));
                received = received.subarray(start + length);
                if (message.id === 1 && (message.result || message.error)) {
                    clearTimeout(timer);
                    message.result ? resolve(message.result) : reject(new Error(`${server.id}: ${message.error.message}`));
                }
            }
        });
        const request = JSON.stringify({
            jsonrpc: '2.0', id: 1, method: 'initialize',
            params: { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } }, initializationOptions: server.initializationOptions }
        });
        child.stdin.write(`Content-Length: ${Buffer.byteLength(request)}\r\n\r\n${request}`);
    }).finally(() => {
        child.removeAllListeners('exit');
        child.kill('SIGKILL');
    });
}

describe('built-in VS Code extensions in the IDE runtime', () => {
    it('are all there, each a manifest Theia deploys (name, publisher, version, engines.vscode) with its main file', () => {
        const folders = fs.readdirSync(PLUGINS).sort();
        assert.deepEqual(folders, ['sandbox-ide.ide-language-servers', 'sandbox-ide.ide-languages', 'sandbox-ide.ide-python-debug', 'vscode.git']);
        for (const folder of folders) {
            const { name, publisher, version, engines, main } = manifest(folder);
            assert.equal(`${publisher}.${name}`, folder);
            assert.ok(version && engines?.vscode, `${folder}: version and engines.vscode`);
            if (main) {
                assert.ok(fs.existsSync(path.join(PLUGINS, folder, main)) || fs.existsSync(path.join(PLUGINS, folder, `${main}.js`)), `${folder}: ${main}`);
            }
        }
    });

    it('give every language a grammar and a language configuration that parse, with licence notices', () => {
        const folder = path.join(PLUGINS, 'sandbox-ide.ide-languages');
        const { contributes } = manifest('sandbox-ide.ide-languages');
        const languages = contributes!.languages!.map(language => language.id);
        for (const required of ['typescript', 'javascript', 'javascriptreact', 'typescriptreact', 'json', 'markdown', 'python', 'shellscript', 'yaml', 'html', 'css', 'dockerfile', 'go', 'rust', 'c', 'cpp', 'java', 'sql']) {
            assert.ok(languages.includes(required), `language ${required}`);
        }
        for (const language of contributes!.languages!) {
            parsesAsJson(path.join(folder, language.configuration!));
        }
        for (const grammar of contributes!.grammars!) {
            const content = JSON.parse(fs.readFileSync(path.join(folder, grammar.path), 'utf8'));
            assert.equal(content.scopeName, grammar.scopeName, grammar.path);
        }
        assert.match(fs.readFileSync(path.join(folder, 'THIRD_PARTY_NOTICES.md'), 'utf8'), /MIT License/);
    });

    it('ship the JSON schemas for package.json, tsconfig.json and .ide/gates.json', () => {
        for (const schema of ['package.schema.json', 'tsconfig.schema.json', 'gates.schema.json']) {
            parsesAsJson(path.join(PLUGINS, 'sandbox-ide.ide-language-servers', 'schemas', schema));
        }
    });

    const serversFolder = path.join(PLUGINS, 'sandbox-ide.ide-language-servers');
    const servers: ServerEntry[] = JSON.parse(fs.readFileSync(path.join(serversFolder, 'servers.json'), 'utf8'));
    for (const server of servers) {
        it(`start the ${server.id} language server on the runtime's Node, which answers initialize`, async () => {
            const result = await initialize(server, serversFolder);
            assert.ok(result.capabilities && typeof result.capabilities === 'object');
        });
    }
});
