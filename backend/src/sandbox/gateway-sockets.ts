import { existsSync } from 'node:fs';
import { chmod, rm } from 'node:fs/promises';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Logger } from '../log.js';

export type SandboxRequestHandler = (req: IncomingMessage, res: ServerResponse, workspaceId: string) => Promise<void>;

/**
 * The gateway's side of each sandbox's `/run/ide/gateway.sock`: sandboxes have no network, so
 * this socket, in the directory only that sandbox mounts, is how code inside reaches the gateway
 * (the model proxy). The socket says which workspace is calling.
 */
export class SandboxGatewaySockets {
    private readonly servers = new Map<string, { server: Server; socketPath: string }>();

    constructor(private readonly handler: SandboxRequestHandler, private readonly log: Logger) { }

    /** Listens on the workspace's socket unless it already does (a removed socket file is made again). */
    async ensure(workspaceId: string, socketPath: string): Promise<void> {
        const current = this.servers.get(workspaceId);
        if (current && current.socketPath === socketPath && existsSync(socketPath)) {
            return;
        }
        await this.close(workspaceId);
        await rm(socketPath, { force: true });
        const server = createServer((req, res) => {
            this.handler(req, res, workspaceId).catch(error => {
                this.log.error({ err: error, workspaceId }, 'gateway socket request failed');
                if (!res.headersSent) {
                    res.writeHead(500).end();
                }
            });
        });
        await new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(socketPath, () => { server.off('error', reject); resolve(); });
        });
        // The sandbox user (uid 1000) connects; the directory is private to that one sandbox.
        await chmod(socketPath, 0o666);
        this.servers.set(workspaceId, { server, socketPath });
    }

    async close(workspaceId: string): Promise<void> {
        const current = this.servers.get(workspaceId);
        this.servers.delete(workspaceId);
        if (current) {
            current.server.closeAllConnections();
            await new Promise<void>(resolve => current.server.close(() => resolve()));
        }
    }

    async closeAll(): Promise<void> {
        await Promise.all([...this.servers.keys()].map(id => this.close(id)));
    }
}
