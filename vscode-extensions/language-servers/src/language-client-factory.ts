import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { jsonSchemaAssociations } from './json-schemas';
import { LanguageServerDefinition } from './servers';

/**
 * A client for one server: spawned with the plugin host's own Node (the IDE runtime's), over stdio. As a command,
 * not a `module`: for modules the client adds `--clientProcessId=…`, which typescript-language-server refuses.
 */
export function createLanguageClient(definition: LanguageServerDefinition, context: vscode.ExtensionContext): LanguageClient {
    const server = {
        command: process.execPath,
        args: [path.join(context.extensionPath, definition.module), ...definition.args ?? []],
        transport: TransportKind.stdio
    };
    const serverOptions: ServerOptions = { run: server, debug: server };
    const clientOptions: LanguageClientOptions = {
        documentSelector: definition.languages.flatMap(language => [
            { scheme: 'file', language },
            { scheme: 'untitled', language }
        ]),
        initializationOptions: definition.initializationOptions,
        outputChannelName: `${definition.name} Language Server`,
        middleware: {
            workspace: {
                configuration: async (params, token, next) => {
                    const answers = await next(params, token);
                    if (!Array.isArray(answers)) {
                        return answers;
                    }
                    return answers.map((answer, index) => answer ?? definition.defaultSettings?.[params.items[index].section ?? ''] ?? null);
                }
            }
        }
    };
    return new LanguageClient(`sandbox-ide.${definition.id}`, `${definition.name} Language Server`, serverOptions, clientOptions);
}

/** What a server needs right after it started: settings it reads only when pushed, and the JSON schemas. */
export async function configureStartedClient(client: LanguageClient, definition: LanguageServerDefinition, context: vscode.ExtensionContext): Promise<void> {
    if (definition.id === 'json') {
        await client.sendNotification('json/schemaAssociations', jsonSchemaAssociations(context.extensionPath));
    }
    if (definition.pushedSettings) {
        await client.sendNotification('workspace/didChangeConfiguration', { settings: definition.pushedSettings });
    }
}
