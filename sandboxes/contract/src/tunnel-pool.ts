import { Agent, RequestOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** No connection from the sandbox arrived in time: it is gone, restarting, or not answering. */
export class TunnelUnavailable extends Error { }

interface IdleConnection {
    socket: Socket;
    /** Stops watching the socket and hands it over for one exchange. */
    take(): Socket;
}

interface Waiter {
    resolve(socket: Socket): void;
    reject(error: Error): void;
    timer: NodeJS.Timeout;
}

export interface TunnelPoolLimits {
    /** Idle connections kept; more are closed at once. */
    maxIdle: number;
    /** Requests waiting for a connection at once; more fail at once. */
    maxWaiters: number;
    acquireTimeoutMs: number;
}

/**
 * The idle connections one sandbox dialed on one tunnel socket. Each is taken for an HTTP exchange
 * (or a WebSocket) from the gateway, and the sandbox dials a replacement; a TunnelAgent keeps a taken
 * one for its next exchanges once an answer has ended. While idle here a connection is watched: a
 * sandbox that sends on it unasked, or closes it, loses it. The gateway's side of every tunnel
 * (import it from its own path: the contract's index is also read by browser code).
 */
export class TunnelPool {
    private readonly idle: IdleConnection[] = [];
    private readonly waiters: Waiter[] = [];
    private closed = false;

    constructor(private readonly limits: TunnelPoolLimits) { }

    get idleCount(): number {
        return this.idle.length;
    }

    /** A connection the sandbox just opened. */
    accept(socket: Socket): void {
        socket.on('error', () => socket.destroy());
        if (this.closed) {
            socket.destroy();
            return;
        }
        const waiter = this.waiters.shift();
        if (waiter) {
            clearTimeout(waiter.timer);
            waiter.resolve(socket);
            return;
        }
        if (this.idle.length >= this.limits.maxIdle) {
            socket.destroy();
            return;
        }
        const onReadable = (): void => {
            if (socket.read() !== null) {
                socket.destroy();
            }
        };
        const onEnd = (): void => { socket.destroy(); };
        const entry: IdleConnection = {
            socket,
            take: () => {
                socket.off('readable', onReadable);
                socket.off('end', onEnd);
                socket.off('close', onClose);
                return socket;
            }
        };
        const onClose = (): void => {
            const index = this.idle.indexOf(entry);
            if (index >= 0) {
                this.idle.splice(index, 1);
            }
        };
        socket.on('readable', onReadable);
        socket.on('end', onEnd);
        socket.on('close', onClose);
        this.idle.push(entry);
    }

    /** The most recently dialed idle connection, or the next one to arrive. */
    acquire(timeoutMs = this.limits.acquireTimeoutMs): Promise<Socket> {
        if (this.closed) {
            return Promise.reject(new TunnelUnavailable('the sandbox link is closed'));
        }
        const entry = this.idle.pop();
        if (entry) {
            return Promise.resolve(entry.take());
        }
        if (this.waiters.length >= this.limits.maxWaiters) {
            return Promise.reject(new TunnelUnavailable('too many requests are waiting for the sandbox'));
        }
        return new Promise((resolve, reject) => {
            const waiter: Waiter = {
                resolve,
                reject,
                timer: setTimeout(() => {
                    this.waiters.splice(this.waiters.indexOf(waiter), 1);
                    reject(new TunnelUnavailable(`the sandbox did not connect within ${Math.round(timeoutMs / 1000)} s`));
                }, timeoutMs)
            };
            this.waiters.push(waiter);
        });
    }

    /** For `http.request({ createConnection })`: the request goes over a connection the sandbox opened. */
    readonly createConnection: NonNullable<RequestOptions['createConnection']> = (_options, done) => {
        this.acquire().then(socket => done(null, socket), error => done(error as Error, undefined as unknown as Duplex));
        return undefined;
    };

    close(): void {
        this.closed = true;
        for (const waiter of this.waiters.splice(0)) {
            clearTimeout(waiter.timer);
            waiter.reject(new TunnelUnavailable('the sandbox link was closed'));
        }
        for (const entry of this.idle.splice(0)) {
            entry.socket.destroy();
        }
    }
}

/**
 * Keeps the connections it took from a tunnel open between requests (HTTP keep-alive), so a busy
 * IDE does not make the sandbox dial, and the gateway accept, a connection per request. The
 * gateway closes idle ones first (before the sandbox would), so reuse never races a close.
 */
export class TunnelAgent extends Agent {
    constructor(private readonly tunnel: TunnelPool) {
        super({ keepAlive: true, maxFreeSockets: 8, scheduling: 'lifo', timeout: 30_000 });
    }

    override createConnection: NonNullable<RequestOptions['createConnection']> = (options, done) => this.tunnel.createConnection(options, done);
}
