import { chmod, rm } from 'node:fs/promises';
import { Server } from 'node:net';
import type { Socket } from 'node:net';
import { Logger } from '../log.js';

export interface AcceptLimits {
    /** Connections accepted per second before the listener pauses. */
    perSecond: number;
    /** How long a flooded listener stays closed; connects meanwhile are refused by the kernel. */
    pauseMs: number;
}

export const DEFAULT_ACCEPT_LIMITS: AcceptLimits = { perSecond: 2000, pauseMs: 2000 };

/**
 * A listening unix socket in a directory only the gateway can write (the sandbox sees it read-only),
 * so creating, chmod-ing and unlinking the path cannot be redirected by the sandbox. A sandbox that
 * floods it with connections gets it closed for a while: the kernel then refuses its connects, and
 * the gateway spends nothing on them.
 */
export class SocketListener {
    private server: Server | undefined;
    private windowStart = Date.now();
    private acceptedInWindow = 0;
    private resumeTimer: NodeJS.Timeout | undefined;
    private closed = false;

    constructor(
        readonly path: string,
        private readonly onConnection: (socket: Socket) => void,
        private readonly log: Logger,
        private readonly limits: AcceptLimits = DEFAULT_ACCEPT_LIMITS
    ) { }

    async listen(): Promise<void> {
        await rm(this.path, { force: true });
        const server = new Server(socket => this.accept(socket));
        server.on('error', error => this.log.warn({ err: error.message, path: this.path }, 'sandbox socket listener failed'));
        await new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(this.path, () => { server.off('error', reject); resolve(); });
        });
        // The sandbox user connects; the directory is the gateway's, so this path is the socket just made.
        await chmod(this.path, 0o666);
        this.server = server;
    }

    async close(): Promise<void> {
        this.closed = true;
        clearTimeout(this.resumeTimer);
        await this.stopListening();
    }

    private accept(socket: Socket): void {
        const now = Date.now();
        if (now - this.windowStart >= 1000) {
            this.windowStart = now;
            this.acceptedInWindow = 0;
        }
        if (++this.acceptedInWindow > this.limits.perSecond) {
            socket.destroy();
            if (this.server && !this.resumeTimer) {
                this.log.warn({ path: this.path, perSecond: this.limits.perSecond }, 'a sandbox floods its socket with connections: pausing it');
                void this.stopListening();
                this.resumeTimer = setTimeout(() => {
                    this.resumeTimer = undefined;
                    if (!this.closed) {
                        this.listen().catch(error => this.log.warn({ err: (error as Error).message, path: this.path }, 'could not listen again'));
                    }
                }, this.limits.pauseMs);
                this.resumeTimer.unref();
            }
            return;
        }
        this.onConnection(socket);
    }

    private async stopListening(): Promise<void> {
        const server = this.server;
        this.server = undefined;
        if (server) {
            await new Promise<void>(resolve => server.close(() => resolve()));
        }
    }
}
