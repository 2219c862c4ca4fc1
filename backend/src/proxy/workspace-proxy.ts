import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { LiveConnections } from '../auth/live-connections.js';
import { HttpError } from '../http/http-error.js';
import { Logger } from '../log.js';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { TunnelUnavailable } from '@ide/sandbox-contract/lib/tunnel-pool.js';
import { UserRecord, WorkspaceRecord } from '../store/records.js';
import { SandboxLifecycle } from '../workspaces/sandbox-lifecycle.js';
import { ForwardedFor } from './proxy-headers.js';
import { PortClosed, proxyHttp, proxyUpgrade, SandboxUnreachable } from './tunnel-proxy.js';

/** Who is asking for which workspace, resolved once per request by the front door. */
export interface WorkspaceAccess {
    user: UserRecord;
    workspace: WorkspaceRecord;
    /** The gateway session behind the request, so ending it ends the connection. */
    sessionHash: string;
    /** '' on the workspace's own origin, `/w/<id>` in path mode. */
    prefix: string;
    /** The path and query inside the IDE (or the port's server). */
    innerPath: string;
    /** A port preview rather than the IDE: the port, and the workspace origin allowed to frame it. */
    preview?: { port: number; framedBy: string };
}

/** Relays an authorised request or WebSocket to the workspace's sandbox over its IDE tunnel. */
export class WorkspaceProxy {
    constructor(
        private readonly lifecycle: SandboxLifecycle,
        private readonly connections: LiveConnections,
        private readonly log: Logger,
        private readonly metrics: GatewayMetrics,
        private readonly isSecure: (req: IncomingMessage) => boolean
    ) { }

    /** With `rewritePage`, the IDE's page is sent as it makes it (see proxyHttp). */
    async forwardHttp(req: IncomingMessage, res: ServerResponse, access: WorkspaceAccess, rewritePage?: (html: string) => string): Promise<void> {
        const link = await this.lifecycle.attached(access.workspace);
        try {
            await proxyHttp(req, res, access.preview ? link.portsAgent : link.ideAgent, access.innerPath, this.forwarded(req, access), rewritePage);
            this.metrics.proxyRequests.inc({ kind: 'http', outcome: 'relayed' });
        } catch (error) {
            this.unreachable(access, error, 'http');
        }
    }

    async forwardUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, access: WorkspaceAccess): Promise<void> {
        const link = await this.lifecycle.attached(access.workspace);
        let sandboxSide: Duplex | undefined;
        try {
            sandboxSide = await proxyUpgrade(req, socket, head, access.preview ? link.portsAgent : link.ideAgent, access.innerPath, this.forwarded(req, access));
        } catch (error) {
            this.unreachable(access, error, 'websocket');
        }
        if (!sandboxSide) {
            return;
        }
        this.lifecycle.trackConnection(access.workspace.id, socket);
        const forget = this.connections.add({
            kind: 'ide',
            userId: access.user.id,
            workspaceId: access.workspace.id,
            sessionHash: access.sessionHash,
            end: () => { socket.destroy(); sandboxSide!.destroy(); }
        });
        socket.once('close', forget);
        this.metrics.proxyRequests.inc({ kind: 'websocket', outcome: 'relayed' });
    }

    private unreachable(access: WorkspaceAccess, error: unknown, kind: 'http' | 'websocket'): never {
        this.metrics.proxyRequests.inc({ kind, outcome: 'failed' });
        if (error instanceof PortClosed) {
            throw new HttpError(502, error.message);
        }
        if (error instanceof SandboxUnreachable || error instanceof TunnelUnavailable) {
            this.lifecycle.forget(access.workspace.id);
            this.log.warn({ workspaceId: access.workspace.id, err: error.message }, 'sandbox unreachable');
            throw new HttpError(502, 'the sandbox stopped answering; reload the page to restart it');
        }
        throw error;
    }

    private forwarded(req: IncomingMessage, access: WorkspaceAccess): ForwardedFor {
        return {
            prefix: access.prefix,
            clientIp: req.socket.remoteAddress ?? '',
            proto: this.isSecure(req) ? 'https' : 'http',
            host: req.headers.host ?? '',
            ...(access.preview ? { preview: access.preview } : {})
        };
    }
}
