import { EventEmitter } from 'node:events';

/**
 * Told whenever access ends, so whatever is still connected under it ends too (open IDE
 * WebSockets, MCP sessions). Emitted by the services that end access, whatever the route.
 */
export class AccessEvents extends EventEmitter<{
    /** A gateway session ended: signed out, expired, or removed with its user's sessions. */
    sessionEnded: [tokenHash: string];
    /** A user was disabled or their password reset: every session and connection of theirs ends. */
    userLocked: [userId: string];
    /** An API token was revoked. */
    tokenRevoked: [tokenId: string];
}> { }
