import * as vscode from 'vscode';

export const DEBUG_TYPE = 'python';

/**
 * Debugs Python with the image's debugpy: the adapter is `python3 -m debugpy.adapter` speaking DAP over stdio,
 * and it starts the program itself (`console: internalConsole`) or in a terminal (`integratedTerminal`).
 */
export function activate(context: vscode.ExtensionContext): void {
    context.subscriptions.push(
        vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new DebugpyAdapterFactory()),
        vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new CurrentFileConfigurationProvider())
    );
}

class DebugpyAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
    createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.DebugAdapterDescriptor {
        const python = typeof session.configuration.python === 'string' ? session.configuration.python : 'python3';
        return new vscode.DebugAdapterExecutable(python, ['-m', 'debugpy.adapter']);
    }
}

/** F5 without a launch.json debugs the Python file in the editor. */
class CurrentFileConfigurationProvider implements vscode.DebugConfigurationProvider {
    resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
        if (!config.type && !config.request && !config.name) {
            const editor = vscode.window.activeTextEditor;
            if (editor?.document.languageId !== 'python') {
                void vscode.window.showInformationMessage('Open a Python file to debug it, or add a launch configuration.');
                return undefined;
            }
            return { type: DEBUG_TYPE, request: 'launch', name: 'Python: current file', program: editor.document.fileName, console: 'internalConsole' };
        }
        if (config.request === 'launch' && !config.program && !config.module) {
            void vscode.window.showErrorMessage('A Python launch configuration needs "program" or "module".');
            return undefined;
        }
        return config;
    }
}
