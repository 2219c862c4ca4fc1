import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { configureStartedClient, createLanguageClient } from './language-client-factory';
import { LANGUAGE_SERVERS, LanguageServerDefinition } from './servers';

const clients = new Map<string, LanguageClient>();

/** Starts each language server the first time a document of one of its languages is open, never before. */
export function activate(context: vscode.ExtensionContext): void {
    const startFor = (document: vscode.TextDocument) => {
        for (const definition of LANGUAGE_SERVERS) {
            if (definition.languages.includes(document.languageId) && !clients.has(definition.id)) {
                void start(definition, context);
            }
        }
    };
    vscode.workspace.textDocuments.forEach(startFor);
    context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(startFor));
}

async function start(definition: LanguageServerDefinition, context: vscode.ExtensionContext): Promise<void> {
    const client = createLanguageClient(definition, context);
    clients.set(definition.id, client);
    try {
        await client.start();
        await configureStartedClient(client, definition, context);
    } catch (error) {
        void vscode.window.showErrorMessage(`The ${definition.name} language server did not start: ${error instanceof Error ? error.message : String(error)}`);
    }
}

export async function deactivate(): Promise<void> {
    await Promise.all([...clients.values()].map(client => client.stop().catch(() => undefined)));
    clients.clear();
}
