/**
 * The main process of every sandbox container (`/opt/ide/node /opt/ide/sandbox-entry.js`).
 *
 * - starts the Theia backend on 127.0.0.1 inside the container and lives as long as it does;
 * - serves the gateway on a unix socket (the container may have no network at all) and relays
 *   every HTTP request and WebSocket upgrade to Theia;
 * - answers `GET /.ide/ready` itself so the gateway knows when the IDE is up;
 * - checks the per-sandbox secret header when one is configured (defence in depth).
 *
 * Node built-ins only: this file is copied next to the IDE runtime's node binary.
 */
import { ChildProcess, spawn } from 'child_process';
import { createHash, timingSafeEqual } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';

const SECRET_HEADER = 'x-ide-sandbox-secret';
const READY_PATH = '/.ide/ready';
const STOP_GRACE_MS = 5000;

interface SandboxEntryConfig {
    socketPath: string;
    theiaPort: number;
    workspaceDir: string;
    appDir: string;
    secret: string | undefined;
}

function readConfig(env: NodeJS.ProcessEnv): SandboxEntryConfig {
    const theiaPort = Number(env.IDE_THEIA_PORT || 3000);
    if (!Number.isInteger(theiaPort) || theiaPort <= 0 || theiaPort > 65535) {
        throw new Error(`IDE_THEIA_PORT is not a port: ${env.IDE_THEIA_PORT}`);
    }
    return {
        socketPath: env.IDE_SOCKET_PATH || '/run/ide/ide.sock',
        theiaPort,
        workspaceDir: env.IDE_WORKSPACE_DIR || '/workspace',
        appDir: env.IDE_APP_DIR || '/opt/ide/app',
        secret: env.IDE_SANDBOX_SECRET || undefined
    };
}

function log(message: string): void {
    process.stderr.write(`[sandbox-entry] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// The Theia backend

function startTheia(config: SandboxEntryConfig): ChildProcess {
    const env = { ...process.env };
    // Nothing inside the sandbox needs the secret; keep it out of terminals and tasks.
    delete env.IDE_SANDBOX_SECRET;
    // No extension registry yet: a refused loopback port, so the Extensions view fails at once and never goes online.
    env.VSX_REGISTRY_URL ??= 'http://127.0.0.1:1';
    const args = [
        path.join(config.appDir, 'lib', 'backend', 'main.js'),
        config.workspaceDir,
        `--hostname=127.0.0.1`,
        `--port=${config.theiaPort}`,
        // The built-in VS Code extensions, shipped read-only in the IDE runtime next to the app.
        `--plugins=local-dir:${path.join(path.dirname(config.appDir), 'plugins')}`
    ];
    log(`starting Theia: ${process.execPath} ${args.join(' ')}`);
    return spawn(process.execPath, args, {
        cwd: config.workspaceDir,
        env,
        stdio: ['ignore', 'inherit', 'inherit']
    });
}

// ---------------------------------------------------------------------------------------------
// Checks

function sha256(value: string): Buffer {
    return createHash('sha256').update(value).digest();
}

/** Compares digests so that the comparison takes the same time whatever the lengths. */
function hasValidSecret(req: http.IncomingMessage, secret: string | undefined): boolean {
    if (secret === undefined) {
        return true;
    }
    const given = req.headers[SECRET_HEADER];
    if (typeof given !== 'string') {
        return false;
    }
    return timingSafeEqual(sha256(given), sha256(secret));
}

/** True when Theia accepts a connection and answers HTTP (any status). */
function isTheiaAnswering(port: number): Promise<boolean> {
    return new Promise(resolve => {
        const probe = http.request({ host: '127.0.0.1', port, method: 'HEAD', path: '/', agent: false, timeout: 2000 }, res => {
            res.resume();
            resolve(true);
        });
        probe.on('timeout', () => probe.destroy(new Error('timeout')));
        probe.on('error', () => resolve(false));
        probe.end();
    });
}

// ---------------------------------------------------------------------------------------------
// The relay

/** Hop-by-hop headers (RFC 9110 §7.6.1) never travel through a proxy, plus our secret. */
function forwardableHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
    const dropped = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade', SECRET_HEADER]);
    const connection = headers.connection;
    if (typeof connection === 'string') {
        for (const name of connection.split(',')) {
            dropped.add(name.trim().toLowerCase());
        }
    }
    const result: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined && !dropped.has(name)) {
            result[name] = value;
        }
    }
    return result;
}

function sendPlain(res: http.ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
    res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
    res.end(body);
}

function createRelay(config: SandboxEntryConfig): http.Server {
    const theiaAgent = new http.Agent({ keepAlive: true });

    const server = http.createServer((req, res) => {
        if (!hasValidSecret(req, config.secret)) {
            sendPlain(res, 403, 'forbidden\n');
            return;
        }
        if (req.url === READY_PATH || req.url?.startsWith(READY_PATH + '?')) {
            void isTheiaAnswering(config.theiaPort).then(ready =>
                sendPlain(res, ready ? 200 : 503, JSON.stringify({ ready }), 'application/json'));
            return;
        }
        const upstream = http.request({
            host: '127.0.0.1',
            port: config.theiaPort,
            method: req.method,
            path: req.url,
            headers: forwardableHeaders(req.headers),
            agent: theiaAgent
        }, upstreamRes => {
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, forwardableHeaders(upstreamRes.headers));
            upstreamRes.pipe(res);
            upstreamRes.on('error', () => res.destroy());
        });
        upstream.on('error', error => {
            if (!res.headersSent) {
                sendPlain(res, 502, `the IDE is not reachable: ${error.message}\n`);
            } else {
                res.destroy();
            }
        });
        res.on('close', () => {
            if (!res.writableFinished) {
                upstream.destroy();
            }
        });
        req.pipe(upstream);
    });

    // WebSocket (and any other) upgrades: replay the request head, then splice the two sockets.
    server.on('upgrade', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
        client.on('error', () => client.destroy());
        if (!hasValidSecret(req, config.secret)) {
            client.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
            return;
        }
        const upstream = net.connect(config.theiaPort, '127.0.0.1');
        upstream.on('connect', () => {
            const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
            for (let i = 0; i < req.rawHeaders.length; i += 2) {
                if (req.rawHeaders[i].toLowerCase() !== SECRET_HEADER) {
                    lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
                }
            }
            upstream.write(lines.join('\r\n') + '\r\n\r\n');
            if (head.length > 0) {
                upstream.write(head);
            }
            upstream.pipe(client);
            client.pipe(upstream);
        });
        upstream.on('error', () => {
            if (upstream.connecting) {
                client.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
            } else {
                client.destroy();
            }
        });
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
    });

    server.on('clientError', (_error, socket) => {
        if (socket.writable) {
            socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
        }
    });
    return server;
}

function listenOnSocket(server: http.Server, socketPath: string): Promise<void> {
    fs.mkdirSync(path.dirname(socketPath), { recursive: true });
    fs.rmSync(socketPath, { force: true }); // a stale socket from a previous run
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(socketPath, () => {
            server.off('error', reject);
            fs.chmodSync(socketPath, 0o600);
            resolve();
        });
    });
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
    const config = readConfig(process.env);
    const relay = createRelay(config);
    // Listen first: a socket we cannot serve is fatal before anything was started.
    await listenOnSocket(relay, config.socketPath);
    log(`relaying ${config.socketPath} to 127.0.0.1:${config.theiaPort}${config.secret ? ' (secret required)' : ''}`);

    const theia = startTheia(config);
    let stopping = false;
    const removeSocket = () => {
        try {
            fs.rmSync(config.socketPath, { force: true });
        } catch {
            // the host directory may be gone already
        }
    };

    theia.on('error', error => {
        log(`could not start Theia: ${error.message}`);
        removeSocket();
        process.exit(1);
    });
    theia.on('exit', (code, signal) => {
        relay.close();
        removeSocket();
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
        relay.close();
        theia.kill(signal);
        setTimeout(() => theia.kill('SIGKILL'), STOP_GRACE_MS).unref();
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
}

main().catch(error => {
    log(`fatal: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
});
