import { injectable } from '@theia/core/shared/inversify';
import { TerminalFrontendContribution } from '@theia/terminal/lib/browser/terminal-frontend-contribution';

/**
 * Theia's default layout starts a terminal (a shell in the sandbox) and waits for it before the workbench is
 * ready. As in VS Code, a terminal starts when the user opens one (Terminal > New Terminal, Ctrl+`).
 */
@injectable()
export class TerminalOnRequest extends TerminalFrontendContribution {
    override async initializeLayout(): Promise<void> {
        // nothing: no terminal until asked for
    }
}
