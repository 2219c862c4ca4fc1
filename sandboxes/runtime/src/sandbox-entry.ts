/**
 * The main process of every sandbox container (`/opt/ide/node /opt/ide/sandbox-entry.js`).
 *
 * - starts the Theia backend on 127.0.0.1 inside the container and lives as long as it does;
 * - dials out to the gateway's tunnel sockets in /run/ide (read-only here: the gateway made
 *   them) and keeps idle connections there, over which the gateway sends its requests:
 *   the browser's IDE traffic and port previews, relayed to loopback, and readiness;
 * - tells the IDE backend where the tools tunnel is: its tool executor dials that one itself.
 *
 * Bundled into one file (Node built-ins and the contract's constants) next to the runtime's node binary.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CONTROL_TUNNEL_SOCKET, GATEWAY_SOCKET, IDE_TUNNEL_SOCKET, PORTS_TUNNEL_SOCKET, RUN_DIR, TOOLS_TUNNEL_SOCKET, TUNNEL_IDLE_CONNECTIONS } from '@ide/sandbox-contract/lib/sockets';
import { IDE_USER_DIR_NAME, PINNED_EXTENSIONS_DIR, REGISTRY_RELAY_PORT, REGISTRY_RELAY_URL } from '@ide/sandbox-contract/lib/extension-registry';
import { TOOLS_TUNNEL_ENV } from '@ide/sandbox-contract/lib/control-channel';
import { DialedConnections } from '@ide/sandbox-contract/lib/dialed-connections';
import { createControlServer } from './control-server';
import { createIdeRelay } from './ide-relay';
import { createPortsRelay } from './ports-relay';
import { createRegistryRelay } from './registry-relay';

const STOP_GRACE_MS = 5000;
const DEFAULT_THEIA_PORT = 30999;

interface SandboxEntryConfig {
    runDir: string;
    theiaPort: number;
    workspaceDir: string;
    appDir: string;
}

function readConfig(env: NodeJS.ProcessEnv): SandboxEntryConfig {
    // Not 3000, 5173, 8000, 8080 or the like: those are the user's dev servers' (previewed on their ports).
    const theiaPort = Number(env.IDE_THEIA_PORT || DEFAULT_THEIA_PORT);
    if (!Number.isInteger(theiaPort) || theiaPort <= 0 || theiaPort > 65535) {
        throw new Error(`IDE_THEIA_PORT is not a port: ${env.IDE_THEIA_PORT}`);
    }
    return {
        runDir: env.IDE_RUN_DIR || RUN_DIR,
        theiaPort,
        workspaceDir: env.IDE_WORKSPACE_DIR || '/workspace',
        appDir: env.IDE_APP_DIR || '/opt/ide/app'
    };
}

function log(message: string): void {
    process.stderr.write(`[sandbox-entry] ${message}\n`);
}

function startTheia(config: SandboxEntryConfig): ChildProcess {
    const args = [
        path.join(config.appDir, 'lib', 'backend', 'main.js'),
        config.workspaceDir,
        `--hostname=127.0.0.1`,
        `--port=${config.theiaPort}`,
        // The built-in VS Code extensions, shipped read-only in the IDE runtime next to the app, and the profile's
        // pinned ones (read-only too, mounted by the gateway).
        `--plugins=${[path.join(path.dirname(config.appDir), 'plugins'), ...(fs.existsSync(PINNED_EXTENSIONS_DIR) ? [PINNED_EXTENSIONS_DIR] : [])].map(dir => `local-dir:${dir}`).join(',')}`
    ];
    log(`starting Theia: ${process.execPath} ${args.join(' ')}`);
    return spawn(process.execPath, args, {
        cwd: config.workspaceDir,
        // The gateway's curated registry through the relay on our loopback: never the internet.
        env: {
            ...process.env, VSX_REGISTRY_URL: REGISTRY_RELAY_URL, THEIA_CONFIG_DIR: userDir(config),
            [TOOLS_TUNNEL_ENV]: path.join(config.runDir, TOOLS_TUNNEL_SOCKET), IDE_THEIA_PORT: String(config.theiaPort)
        },
        stdio: ['ignore', 'inherit', 'inherit']
    });
}

/**
 * Theia's config dir, on the workspace volume so the user's installs (`deployedPlugins`) and settings survive a
 * stop; a `*` .gitignore inside keeps it out of git, and the app's `files.exclude` out of the explorer.
 */
function userDir(config: SandboxEntryConfig): string {
    const dir = path.join(config.workspaceDir, IDE_USER_DIR_NAME);
    try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        if (!fs.existsSync(path.join(dir, '.gitignore'))) {
            fs.writeFileSync(path.join(dir, '.gitignore'), '*\n');
        }
    } catch (error) {
        log(`cannot prepare ${dir} (${(error as Error).message}); installs will not persist`);
    }
    return dir;
}

function startRegistryRelay(config: SandboxEntryConfig): void {
    const relay = createRegistryRelay(path.join(config.runDir, GATEWAY_SOCKET));
    relay.on('error', error => log(`the extension registry relay stopped: ${error.message}`));
    relay.listen(REGISTRY_RELAY_PORT, '127.0.0.1');
}

function main(): void {
    const config = readConfig(process.env);
    const tunnels = [
        new DialedConnections(path.join(config.runDir, IDE_TUNNEL_SOCKET), TUNNEL_IDLE_CONNECTIONS.ide, createIdeRelay(config.theiaPort)),
        new DialedConnections(path.join(config.runDir, CONTROL_TUNNEL_SOCKET), TUNNEL_IDLE_CONNECTIONS.control, createControlServer(config.theiaPort)),
        new DialedConnections(path.join(config.runDir, PORTS_TUNNEL_SOCKET), TUNNEL_IDLE_CONNECTIONS.ports, createPortsRelay(config.theiaPort))
    ];
    tunnels.forEach(tunnel => tunnel.start());
    log(`dialing the gateway's tunnels in ${config.runDir}`);

    startRegistryRelay(config);
    const theia = startTheia(config);
    let stopping = false;
    theia.on('error', error => {
        log(`could not start Theia: ${error.message}`);
        process.exit(1);
    });
    theia.on('exit', (code, signal) => {
        tunnels.forEach(tunnel => tunnel.stop());
        if (stopping) {
            log(`Theia stopped (${signal ?? code})`);
            process.exit(0);
        }
        log(`Theia exited on its own (${signal ?? code})`);
        process.exit(code ?? 1);
    });

    const stop = (signal: NodeJS.Signals) => {
        if (stopping) {
            return;
        }
        stopping = true;
        log(`${signal}: stopping Theia`);
        tunnels.forEach(tunnel => tunnel.stop());
        theia.kill(signal);
        setTimeout(() => theia.kill('SIGKILL'), STOP_GRACE_MS).unref();
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
}

try {
    main();
} catch (error) {
    log(`fatal: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
}
