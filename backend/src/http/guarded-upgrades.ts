import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Logger } from '../log.js';
import { toHttpError } from './error-handler.js';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>;

/**
 * Every WebSocket upgrade goes through `handle`, guarded like an Express route: whatever it throws
 * (synchronously or not) becomes a status line for that client and, for unexpected errors, a log
 * line; it never reaches the process. Returns the upgraded sockets, for closing on shutdown.
 */
export function guardUpgrades(server: Server, handle: UpgradeHandler, log: Logger): Set<Duplex> {
    const upgraded = new Set<Duplex>();
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        upgraded.add(socket);
        socket.on('close', () => upgraded.delete(socket));
        socket.on('error', () => socket.destroy());
        let handling: Promise<void>;
        try {
            handling = handle(req, socket, head);
        } catch (error) {
            handling = Promise.reject(error);
        }
        handling.catch(error => {
            const httpError = toHttpError(error);
            if (httpError.status >= 500) {
                log.error({ err: error, url: String(req.url).slice(0, 200) }, 'WebSocket upgrade failed');
            }
            if (socket.writable) {
                const body = `${httpError.message}\n`;
                socket.end(`HTTP/1.1 ${httpError.status} ${httpError.code}\r\nconnection: close\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
            } else {
                socket.destroy();
            }
        });
    });
    return upgraded;
}
