import { StoreData } from '../store/records.js';
import { AccessEvents } from './access-events.js';

/**
 * Inside a store update: removes the user's gateway and workspace sessions and, with
 * `revokeTokens`, their API tokens. Returns the revoked tokens' ids for announceAccessEnded.
 */
export function removeUserAccess(data: StoreData, userId: string, revokeTokens: boolean): string[] {
    data.sessions = data.sessions.filter(session => session.userId !== userId);
    data.workspaceSessions = data.workspaceSessions.filter(session => session.userId !== userId);
    const revoked = revokeTokens ? data.apiTokens.filter(token => token.userId === userId).map(token => token.id) : [];
    data.apiTokens = data.apiTokens.filter(token => !revoked.includes(token.id));
    return revoked;
}

/** After the update is saved: what was still connected under that access ends (IDE WebSockets, MCP sessions). */
export function announceAccessEnded(events: AccessEvents, userId: string, revokedTokens: string[]): void {
    events.emit('userLocked', userId);
    revokedTokens.forEach(tokenId => events.emit('tokenRevoked', tokenId));
}
