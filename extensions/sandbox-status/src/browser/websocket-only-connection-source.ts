import { injectable } from '@theia/core/shared/inversify';
import { WebSocketConnectionSource } from '@theia/core/lib/browser/messaging/ws-connection-source';
import { io, Socket } from 'socket.io-client';

/**
 * Connects to the sandbox's backend with WebSocket only. Socket.IO's default starts with HTTP
 * long-polling and upgrades; through the gateway, a polling POST cut during that upgrade loses
 * the RPC messages it carried, and a loading IDE can wait forever for their answers.
 */
@injectable()
export class WebSocketOnlyConnectionSource extends WebSocketConnectionSource {
    protected override createWebSocket(url: string): Socket {
        return io(url, {
            path: this.createSocketIoPath(url),
            transports: ['websocket'],
            reconnection: true,
            reconnectionDelay: 1000,
            reconnectionDelayMax: 10000,
            reconnectionAttempts: Infinity
        });
    }
}
