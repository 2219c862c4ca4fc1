import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { execFile } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WebSocketServer } from 'ws';
import { CONTROL_TUNNEL_SOCKET, IDE_TUNNEL_SOCKET, PORT_CLOSED_HEADER, PORTS_TUNNEL_SOCKET, READY_PATH, TARGET_PORT_HEADER, TOOLS_TUNNEL_SOCKET } from '@ide/sandbox-contract';
import { DialedConnections } from '@ide/sandbox-contract/lib/dialed-connections.js';
import { SandboxProvider, SandboxRequest, SandboxStartError, SandboxStatus, SandboxSummary } from '../src/sandbox/sandbox-provider.js';

export type Handler = (req: IncomingMessage, res: ServerResponse, workspaceId: string) => void;

const run = promisify(execFile);

export interface FakeSandboxBehaviour {
    /** The IDE's HTTP answers; by default JSON naming the path and workspace, with a cookie of the gateway's and one of the IDE's. */
    ide?: Handler;
    /** POST /tools/call on the tools tunnel; by default a result echoing the tool's name. */
    tool?: Handler;
    /** Make starting fail with this message (as a missing image would). */
    failStart?: string;
    /** Images the engine does not have (every other one it has). */
    missingImages?: string[];
    /** Ports nothing listens on (the others answer with JSON naming the port, path and host they saw). */
    closedPorts?: number[];
    /** How long the engine takes to answer a start, even of a sandbox that runs already; a new one takes that again to start. */
    engineLatencyMs?: number;
}

interface FakeSandbox {
    ownerId: string;
    tunnels: DialedConnections[];
    servers: Server[];
}

/**
 * Stands in for the sandbox engine: each "sandbox" is an in-process IDE (HTTP + WebSocket echo)
 * and control and tool servers that dial the gateway's link with the sandbox's own DialedConnections (from the contract), so
 * the gateway's tunnels and proxy are exercised byte for byte. It records what reached it.
 */
export class FakeSandboxes implements SandboxProvider {
    readonly seen: IncomingHttpHeaders[] = [];
    readonly calls: string[] = [];
    /** What each start asked for (the profile, pinned extensions). */
    readonly requests: SandboxRequest[] = [];
    /** Each workspace's files, where a seed (a cloned repository) was checked out, as the real provider does in the volume. */
    readonly volumes = new Map<string, string>();
    private readonly running = new Map<string, FakeSandbox>();

    constructor(readonly behaviour: FakeSandboxBehaviour = {}) { }

    private async engineLatency(): Promise<void> {
        if (this.behaviour.engineLatencyMs) {
            await new Promise(resolve => setTimeout(resolve, this.behaviour.engineLatencyMs));
        }
    }

    async ensureRunning(request: SandboxRequest, step?: (label: string) => void): Promise<void> {
        this.calls.push(`run ${request.id}`);
        this.requests.push(request);
        if (this.behaviour.failStart) {
            throw new SandboxStartError(this.behaviour.failStart);
        }
        await this.engineLatency();
        if (request.seed && !this.volumes.has(request.id)) {
            const volume = await mkdtemp(join(tmpdir(), 'fake-volume-'));
            await cp(request.seed.gitDirectory, join(volume, '.git'), { recursive: true });
            await run('git', ['-C', volume, 'reset', '--hard', '--quiet']);
            this.volumes.set(request.id, volume);
        }
        if (this.running.has(request.id)) {
            return;
        }
        step?.('starting the container');
        await this.engineLatency();
        const id = request.id;
        const ide = createServer((req, res) => {
            this.seen.push(req.headers);
            (this.behaviour.ide ?? defaultIde)(req, res, id);
        });
        ide.keepAliveTimeout = 0;
        new WebSocketServer({ server: ide }).on('connection', (socket, req) => {
            this.seen.push(req.headers);
            socket.on('message', data => socket.send(`echo:${data}`));
        });
        const control = createServer((req, res) => {
            if (req.url === READY_PATH) {
                res.end(JSON.stringify({ ready: true }));
                return;
            }
            res.writeHead(404).end();
        });
        const tools = createServer((req, res) => (this.behaviour.tool ?? defaultTool)(req, res, id));
        tools.keepAliveTimeout = 0;
        const ports = createServer((req, res) => {
            this.seen.push(req.headers);
            const port = Number(req.headers[TARGET_PORT_HEADER]);
            if (this.behaviour.closedPorts?.includes(port)) {
                res.writeHead(502, { [PORT_CLOSED_HEADER]: '1' }).end('closed');
                return;
            }
            res.end(JSON.stringify({ port, path: req.url, host: req.headers.host }));
        });
        ports.keepAliveTimeout = 0;
        new WebSocketServer({ server: ports }).on('connection', (socket, req) => {
            socket.on('message', data => socket.send(`port ${req.headers[TARGET_PORT_HEADER]}:${data}`));
        });
        const tunnels = [
            new DialedConnections(join(request.link.hostDir, IDE_TUNNEL_SOCKET), 4, ide),
            new DialedConnections(join(request.link.hostDir, CONTROL_TUNNEL_SOCKET), 2, control),
            new DialedConnections(join(request.link.hostDir, PORTS_TUNNEL_SOCKET), 2, ports),
            new DialedConnections(join(request.link.hostDir, TOOLS_TUNNEL_SOCKET), 2, tools)
        ];
        tunnels.forEach(tunnel => tunnel.start());
        this.running.set(id, { ownerId: request.ownerId, tunnels, servers: [ide, control, ports, tools] });
    }

    async status(workspaceId: string): Promise<SandboxStatus> {
        return { workspaceId, state: this.running.has(workspaceId) ? 'running' : 'absent' };
    }

    async list(): Promise<SandboxSummary[]> {
        return [...this.running].map(([workspaceId, sandbox]) => ({ workspaceId, ownerId: sandbox.ownerId, state: 'running' as const }));
    }

    async stop(workspaceId: string): Promise<void> {
        this.calls.push(`stop ${workspaceId}`);
        const sandbox = this.running.get(workspaceId);
        this.running.delete(workspaceId);
        sandbox?.tunnels.forEach(tunnel => tunnel.stop());
        sandbox?.servers.forEach(server => server.closeAllConnections());
    }

    async remove(workspaceId: string): Promise<void> {
        await this.stop(workspaceId);
        this.calls.push(`remove ${workspaceId}`);
    }

    async hasImage(image: string): Promise<boolean> {
        return !this.behaviour.missingImages?.includes(image);
    }

    async removeOrphans(): Promise<string[]> { return []; }
    async ping(): Promise<void> { }

    closeAll(): void {
        [...this.running.keys()].forEach(id => void this.stop(id));
    }
}

const defaultIde: Handler = (req, res, workspaceId) => {
    res.setHeader('set-cookie', ['ide_session=stolen; Path=/', 'theia=ok; Path=/; Domain=localhost']);
    res.end(JSON.stringify({ path: req.url, workspace: workspaceId }));
};

const defaultTool: Handler = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk)).on('end', () => {
        const { tool } = JSON.parse(Buffer.concat(chunks).toString()) as { tool: string };
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.end(JSON.stringify({ type: 'result', isError: false, content: [{ type: 'text', text: `ran ${tool}` }] }) + '\n');
    });
};
