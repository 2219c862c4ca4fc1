import * as http from 'http';
import * as net from 'net';

/** A connection the gateway closed this soon after it was dialed was refused (a full pool, a paused socket). */
const REFUSED_WITHIN_MS = 1000;
const MAX_BACKOFF_MS = 2000;

/**
 * Keeps `target` idle connections dialed to one of the gateway's tunnel sockets and serves each
 * with `server` (an http.Server that never listens): the gateway sends a request over one, the
 * connection becomes busy, and a replacement is dialed. Failures back off, so a gateway that is
 * restarting or refusing is not hammered. The sandbox's side of every tunnel: the relay's and the
 * tool executor's (import it from its own path: the contract's index is also read by browser code).
 */
export class DialedConnections {
    private readonly idle = new Set<net.Socket>();
    private dialing = 0;
    private backoffMs = 0;
    private retryTimer: NodeJS.Timeout | undefined;
    private stopped = false;

    constructor(private readonly socketPath: string, private readonly target: number, private readonly server: http.Server) {
        server.on('request', (req: http.IncomingMessage) => this.busy(req.socket));
        server.on('upgrade', (_req: http.IncomingMessage, socket: net.Socket) => this.busy(socket));
    }

    start(): void {
        this.topUp();
    }

    stop(): void {
        this.stopped = true;
        clearTimeout(this.retryTimer);
        this.idle.forEach(socket => socket.destroy());
    }

    private topUp(): void {
        while (!this.stopped && !this.retryTimer && this.idle.size + this.dialing < this.target) {
            this.dial();
        }
    }

    private dial(): void {
        this.dialing++;
        const socket = net.connect(this.socketPath);
        let connectedAt = 0;
        socket.once('connect', () => {
            this.dialing--;
            connectedAt = Date.now();
            this.idle.add(socket);
            this.server.emit('connection', socket);
            this.topUp();
        });
        socket.on('error', () => socket.destroy());
        socket.once('close', () => {
            const wasIdle = this.idle.delete(socket);
            if (!connectedAt) {
                this.dialing--;
                this.retryLater();
            } else if (wasIdle && Date.now() - connectedAt < REFUSED_WITHIN_MS) {
                this.retryLater();
            } else {
                this.backoffMs = 0;
                this.topUp();
            }
        });
    }

    private busy(socket: net.Socket): void {
        if (this.idle.delete(socket)) {
            this.backoffMs = 0;
            this.topUp();
        }
    }

    private retryLater(): void {
        if (this.stopped || this.retryTimer) {
            return;
        }
        this.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(50, this.backoffMs * 2));
        this.retryTimer = setTimeout(() => {
            this.retryTimer = undefined;
            this.topUp();
        }, this.backoffMs);
        // Waiting for the gateway is no reason to stay alive: the IDE process holds the sandbox up.
        this.retryTimer.unref();
    }
}
