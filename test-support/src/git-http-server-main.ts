/*
 * A Git server as a process, for the e2e tests (the gateway's IDE_GIT_HOSTS lists it):
 *   node test-support/lib/git-http-server-main.js --port 18733 --root .tmp/e2e-git --user <name>:<token>
 * It serves `starter.git` and `with-devcontainer.git` (public) and `team-app.git` (private: only that user, with that token).
 */
import { rm } from 'node:fs/promises';
import { makeBareRepository, startGitHttpServer } from './git-http-server';

function option(name: string): string | undefined {
    const index = process.argv.indexOf(`--${name}`);
    return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
    const port = Number(option('port'));
    const root = option('root');
    const [username, token] = (option('user') ?? '').split(':');
    if (!Number.isInteger(port) || port <= 0 || port > 65535 || !root || !username || !token) {
        throw new Error('usage: --port <port> --root <directory> --user <name>:<token>');
    }
    await rm(root, { recursive: true, force: true });
    await makeBareRepository(root, 'starter', { main: { 'README.md': '# Starter\n\nA public repository.\n', 'index.js': 'console.log("starter");\n' } });
    await makeBareRepository(root, 'with-devcontainer', { main: {
        'README.md': '# With a devcontainer.json\n',
        '.devcontainer/devcontainer.json': '{\n  // what the team uses\n  "image": "ide-sandbox-base:latest",\n  "forwardPorts": [4321],\n  "customizations": { "vscode": { "extensions": ["ide-e2e.devcontainer-hello", "someone.not-uploaded"] } },\n  "postCreateCommand": "echo ready > .post-create-ran",\n  "features": {},\n}\n'
    } });
    await makeBareRepository(root, 'team-app', { main: { 'README.md': '# Team app\n', 'src/app.ts': 'export const team = "app";\n' } });
    const server = await startGitHttpServer({ root, port, privateRepositories: ['team-app'], users: { [username]: token } });
    console.log(`git server listening on ${server.url}`);
    const stop = () => void server.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
}

main().catch(error => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
