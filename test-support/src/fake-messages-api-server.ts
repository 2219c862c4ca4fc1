/*
 * The fake Messages API as a process, for the e2e tests (the gateway's IDE_ANTHROPIC_BASE_URL
 * points at it):
 *   node test-support/lib/fake-messages-api-server.js --port 18732 --scripts e2e/fake-model-scripts.json [--api-key KEY]
 * The scripts file maps script names to their turns: { "<name>": ScriptedTurn[] }.
 */
import { readFileSync } from 'node:fs';
import { FakeMessagesApi, ScriptedTurn } from './fake-messages-api';

function option(name: string): string | undefined {
    const index = process.argv.indexOf(`--${name}`);
    return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
    const port = Number(option('port') ?? 0);
    const scriptsFile = option('scripts');
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error('--port must be a port number');
    }
    const api = new FakeMessagesApi(option('api-key'));
    if (scriptsFile) {
        const scripts = JSON.parse(readFileSync(scriptsFile, 'utf8')) as Record<string, ScriptedTurn[]>;
        for (const [name, turns] of Object.entries(scripts)) {
            api.script(name, turns);
        }
    }
    const url = await api.start(port);
    console.log(`fake Messages API listening on ${url}${scriptsFile ? ` with the scripts of ${scriptsFile}` : ''}`);
    const stop = () => void api.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
}

main().catch(error => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
