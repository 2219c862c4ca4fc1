import { makeZip, ZipEntryInput } from './zip-writer';

export interface VsixFixtureOptions {
    publisher?: string;
    name?: string;
    version?: string;
    displayName?: string;
    /** `engines.vscode`; null leaves it out. */
    engine?: string | null;
    /** The command the extension contributes; running it shows `message` as a notification. */
    command?: { id: string; title: string; message: string };
    /** Fields to drop from package.json. */
    omit?: string[];
    extraEntries?: ZipEntryInput[];
}

const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** A small VS Code extension packaged as a .vsix the way vsce lays one out: one command showing a notification. */
export function makeVsix(options: VsixFixtureOptions = {}): Buffer {
    const command = options.command ?? { id: 'hello.sayHello', title: 'Hello: Say Hello', message: 'Hello from the registry' };
    const manifest: Record<string, unknown> = {
        name: options.name ?? 'hello-command',
        displayName: options.displayName ?? 'Hello Command',
        description: 'Says hello from a command',
        publisher: options.publisher ?? 'ide-tests',
        version: options.version ?? '1.0.0',
        engines: options.engine === null ? {} : { vscode: options.engine ?? '^1.80.0' },
        icon: 'icon.png',
        main: './extension.js',
        activationEvents: [`onCommand:${command.id}`],
        contributes: { commands: [{ command: command.id, title: command.title }] }
    };
    for (const field of options.omit ?? []) {
        delete manifest[field];
    }
    const code = `const vscode = require('vscode');
exports.activate = context => {
    context.subscriptions.push(vscode.commands.registerCommand(${JSON.stringify(command.id)}, () => vscode.window.showInformationMessage(${JSON.stringify(command.message)})));
};
exports.deactivate = () => undefined;
`;
    return makeZip([
        { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension=".json" ContentType="application/json"/><Default Extension=".js" ContentType="application/javascript"/><Default Extension=".png" ContentType="image/png"/></Types>' },
        { name: 'extension.vsixmanifest', data: `<?xml version="1.0" encoding="utf-8"?><PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011"><Metadata><Identity Id="${manifest.name}" Version="${manifest.version}" Publisher="${manifest.publisher}"/><DisplayName>${manifest.displayName}</DisplayName></Metadata><Installation><InstallationTarget Id="Microsoft.VisualStudio.Code"/></Installation><Assets><Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true"/></Assets></PackageManifest>` },
        { name: 'extension/package.json', data: JSON.stringify(manifest, undefined, 2) },
        { name: 'extension/extension.js', data: code },
        { name: 'extension/icon.png', data: PNG_1X1, store: true },
        ...(options.extraEntries ?? [])
    ]);
}
