import { execFile, spawn } from 'child_process';
import { mkdtemp, mkdir, writeFile } from 'fs/promises';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import { promisify } from 'util';

const run = promisify(execFile);

export interface GitHttpServerOptions {
    /** Where the bare repositories live (`<root>/<name>.git`). */
    root: string;
    /** Repositories that need Basic auth, and who may read them (username → token). */
    privateRepositories?: string[];
    users?: Record<string, string>;
    host?: string;
    port?: number;
}

export interface GitHttpServer {
    url: string;
    /** Each request: its path and the user it authenticated as. */
    readonly requests: { path: string; user?: string }[];
    close(): Promise<void>;
}

/**
 * A real Git smart-HTTP server for tests and the benchmark: `git http-backend` (Git's own CGI
 * program) behind a small Node HTTP server that adds Basic auth for private repositories.
 */
export async function startGitHttpServer(options: GitHttpServerOptions): Promise<GitHttpServer> {
    const requests: { path: string; user?: string }[] = [];
    const server: Server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://git.test');
        const repository = url.pathname.split('/')[1] ?? '';
        const user = authenticatedUser(req, options.users ?? {});
        requests.push({ path: url.pathname, user });
        if ((options.privateRepositories ?? []).includes(repository.replace(/\.git$/, '')) && !user) {
            res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' }).end('authentication required\n');
            return;
        }
        serveWithHttpBackend(req, res, url, options.root, user);
    });
    await new Promise<void>(resolve => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
    const address = server.address() as AddressInfo;
    return {
        url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
        requests,
        close: () => new Promise(resolve => { server.closeAllConnections(); server.close(() => resolve()); })
    };
}

function authenticatedUser(req: IncomingMessage, users: Record<string, string>): string | undefined {
    const match = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    if (!match) {
        return undefined;
    }
    const [name, ...rest] = Buffer.from(match[1], 'base64').toString('utf8').split(':');
    return users[name] !== undefined && users[name] === rest.join(':') ? name : undefined;
}

function serveWithHttpBackend(req: IncomingMessage, res: ServerResponse, url: URL, root: string, user: string | undefined): void {
    const child = spawn('git', ['http-backend'], {
        env: {
            PATH: process.env.PATH,
            GIT_PROJECT_ROOT: resolve(root),
            GIT_HTTP_EXPORT_ALL: '1',
            PATH_INFO: decodeURIComponent(url.pathname),
            QUERY_STRING: url.search.slice(1),
            REQUEST_METHOD: req.method,
            CONTENT_TYPE: req.headers['content-type'] ?? '',
            HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
            GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
            REMOTE_USER: user ?? '',
            REMOTE_ADDR: req.socket.remoteAddress ?? ''
        },
        stdio: ['pipe', 'pipe', 'ignore']
    });
    req.pipe(child.stdin);
    let head = Buffer.alloc(0);
    let headersSent = false;
    child.stdout.on('data', (chunk: Buffer) => {
        if (headersSent) {
            res.write(chunk);
            return;
        }
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) {
            return;
        }
        let status = 200;
        const headers: Record<string, string> = {};
        for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
            const colon = line.indexOf(':');
            const [name, value] = [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
            if (name.toLowerCase() === 'status') {
                status = Number(value.split(' ')[0]);
            } else if (name) {
                headers[name] = value;
            }
        }
        res.writeHead(status, headers);
        headersSent = true;
        res.write(head.subarray(end + 4));
    });
    child.on('close', () => res.end());
    child.on('error', () => res.destroy());
}

/**
 * Makes `<root>/<name>.git`, a bare repository whose branches hold the given files (one commit
 * each, `main` first). Content may be a Buffer (a large random file for size limits).
 */
export async function makeBareRepository(root: string, name: string, branches: Record<string, Record<string, string | Buffer>>): Promise<string> {
    const bare = resolve(root, `${name}.git`);
    await mkdir(root, { recursive: true });
    await run('git', ['init', '--quiet', '--bare', '--initial-branch=main', bare]);
    const work = await mkdtemp(join(tmpdir(), 'git-work-'));
    const git = (...args: string[]) => run('git', ['-C', work, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { maxBuffer: 16 * 1024 * 1024 });
    await git('init', '--quiet', '--initial-branch=main');
    let first = true;
    for (const [branch, files] of Object.entries(branches)) {
        if (!first) {
            await git('checkout', '--quiet', '-b', branch);
        }
        first = false;
        for (const [path, content] of Object.entries(files)) {
            await mkdir(dirname(join(work, path)), { recursive: true });
            await writeFile(join(work, path), content);
        }
        await git('add', '-A');
        await git('commit', '--quiet', '-m', `${branch}: ${Object.keys(files).join(', ')}`);
        await git('push', '--quiet', bare, branch);
    }
    return bare;
}
