import { ContainerModule } from '@theia/core/shared/inversify';
import { WebSocketConnectionSource } from '@theia/core/lib/browser/messaging/ws-connection-source';
import { WebSocketOnlyConnectionSource } from './websocket-only-connection-source';

/** Loaded before the IDE opens its first connection (a `frontendPreload` module). */
export default new ContainerModule((_bind, _unbind, _isBound, rebind) => {
    rebind(WebSocketConnectionSource).to(WebSocketOnlyConnectionSource).inSingletonScope();
});
