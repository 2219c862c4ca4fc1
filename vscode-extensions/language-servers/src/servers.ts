import * as path from 'path';

/** One language server shipped in this extension's node_modules and run on the IDE runtime's Node. */
export interface LanguageServerDefinition {
    id: string;
    name: string;
    /** Document languages the server handles; it starts when the first such document opens. */
    languages: string[];
    /** The server's entry script, relative to this extension's folder. */
    module: string;
    args?: string[];
    initializationOptions?: (extensionPath: string) => object;
    /** Pushed with workspace/didChangeConfiguration after start, for servers that only read pushed settings. */
    pushedSettings?: object;
    /** Defaults answered to the server's workspace/configuration requests when the IDE has no value. */
    defaultSettings?: Record<string, unknown>;
}

const modules = (...segments: string[]) => path.join('node_modules', ...segments);

const CSS_DEFAULTS = { validate: true, lint: {}, format: { enable: true }, completion: { triggerPropertyValueCompletion: true } };

export const LANGUAGE_SERVERS: LanguageServerDefinition[] = [{
    id: 'typescript',
    name: 'TypeScript / JavaScript',
    languages: ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'],
    module: modules('typescript-language-server', 'lib', 'cli.mjs'),
    // The workspace's own TypeScript wins when the project has one; the one beside the server is the fallback.
    initializationOptions: () => ({ preferences: { includeCompletionsForModuleExports: true } })
}, {
    id: 'python',
    name: 'Python (basedpyright)',
    languages: ['python'],
    module: modules('basedpyright', 'langserver.index.js'),
    defaultSettings: {
        'basedpyright.analysis': { typeCheckingMode: 'standard', diagnosticMode: 'openFilesOnly' }
    }
}, {
    id: 'json',
    name: 'JSON',
    languages: ['json', 'jsonc'],
    module: modules('vscode-langservers-extracted', 'lib', 'json-language-server', 'node', 'jsonServerMain.js'),
    // Schemas are read from files only: the JSON server never downloads one.
    initializationOptions: () => ({ provideFormatter: true, handledSchemaProtocols: ['file'] }),
    pushedSettings: { json: { validate: { enable: true }, format: { enable: true } }, http: {} }
}, {
    id: 'yaml',
    name: 'YAML',
    languages: ['yaml'],
    module: modules('yaml-language-server', 'bin', 'yaml-language-server'),
    defaultSettings: {
        // The schema store catalog is a download; sandboxes have no network by default.
        yaml: { validate: true, hover: true, completion: true, format: { enable: true }, schemaStore: { enable: false } }
    }
}, {
    id: 'html',
    name: 'HTML',
    languages: ['html'],
    module: modules('vscode-langservers-extracted', 'lib', 'html-language-server', 'node', 'htmlServerMain.js'),
    initializationOptions: () => ({ provideFormatter: true, embeddedLanguages: { css: true, javascript: true } }),
    defaultSettings: {
        html: { validate: { scripts: true, styles: true }, format: { enable: true }, suggest: { html5: true }, hover: { documentation: true, references: true } },
        css: CSS_DEFAULTS,
        javascript: {}
    }
}, {
    id: 'css',
    name: 'CSS',
    languages: ['css', 'scss', 'less'],
    module: modules('vscode-langservers-extracted', 'lib', 'css-language-server', 'node', 'cssServerMain.js'),
    initializationOptions: () => ({ provideFormatter: true }),
    // The CSS server fails on a missing section (it reads `lint` of null).
    defaultSettings: { css: CSS_DEFAULTS, scss: CSS_DEFAULTS, less: CSS_DEFAULTS }
}, {
    id: 'shell',
    name: 'Shell (bash-language-server)',
    languages: ['shellscript'],
    module: modules('bash-language-server', 'out', 'cli.js'),
    args: ['start']
}];
