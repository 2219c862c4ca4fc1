import type { IncomingMessage } from 'node:http';
import { parse as parseCookies, serialize } from 'cookie';
import { GATEWAY_COOKIE_PREFIX } from '../proxy/proxy-headers.js';

/** The gateway's session, on the gateway's origin only (host-only: no Domain attribute). */
export const SESSION_COOKIE = `${GATEWAY_COOKIE_PREFIX}session`;
/** A workspace origin's own session (see WorkspaceSessions), host-only on that origin. */
export const WORKSPACE_SESSION_COOKIE = `${GATEWAY_COOKIE_PREFIX}ws`;

export function readSessionToken(req: IncomingMessage): string | undefined {
    return readCookie(req, SESSION_COOKIE);
}

export function readWorkspaceSessionToken(req: IncomingMessage): string | undefined {
    return readCookie(req, WORKSPACE_SESSION_COOKIE);
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
    const header = req.headers.cookie;
    if (!header) {
        return undefined;
    }
    try {
        return parseCookies(header)[name];
    } catch {
        return undefined;
    }
}

/** HttpOnly, SameSite=Lax (top-level links into /w/... keep working), Secure whenever the browser came over TLS. */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean, name = SESSION_COOKIE): string {
    return serialize(name, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
}

/**
 * The same session for a page loaded in a frame of another site (a port's preview in the IDE's
 * mini-browser, where a SameSite=Lax cookie is neither stored nor sent): partitioned (CHIPS), so
 * it is sent only inside frames under the site that framed it, never to a top-level page or elsewhere.
 */
export function framedSessionCookie(token: string, expiresAt: Date, name = WORKSPACE_SESSION_COOKIE): string {
    return serialize(name, token, { httpOnly: true, sameSite: 'none', secure: true, partitioned: true, path: '/', expires: expiresAt });
}

export function clearedSessionCookie(secure: boolean, name = SESSION_COOKIE): string {
    return serialize(name, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: new Date(0) });
}
