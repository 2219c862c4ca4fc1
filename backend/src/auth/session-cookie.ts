import type { IncomingMessage } from 'node:http';
import { parse as parseCookies, serialize } from 'cookie';
import { GATEWAY_COOKIE_PREFIX } from '../proxy/proxy-headers.js';

/** The gateway's session, on the gateway's origin only (host-only: no Domain attribute). */
export const SESSION_COOKIE = `${GATEWAY_COOKIE_PREFIX}session`;
/** A workspace origin's own session (see WorkspaceSessions), host-only on that origin. */
export const WORKSPACE_SESSION_COOKIE = `${GATEWAY_COOKIE_PREFIX}ws`;

/** Binds a single sign-on under way to the browser that started it; sent only to /auth/oidc/. */
export const SIGN_IN_BROWSER_COOKIE = `${GATEWAY_COOKIE_PREFIX}oidc`;
const SIGN_IN_BROWSER_PATH = '/auth/oidc';

export function readSessionToken(req: IncomingMessage): string | undefined {
    return readCookie(req, SESSION_COOKIE);
}

export function readWorkspaceSessionToken(req: IncomingMessage): string | undefined {
    return readCookie(req, WORKSPACE_SESSION_COOKIE);
}

export function readSignInBrowser(req: IncomingMessage): string | undefined {
    const value = readCookie(req, SIGN_IN_BROWSER_COOKIE);
    return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

/** Lives as long as a sign-in may take at the provider (PENDING_SIGN_IN_TTL_MS). */
export function signInBrowserCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
    return serialize(SIGN_IN_BROWSER_COOKIE, value, { httpOnly: true, sameSite: 'lax', secure, path: SIGN_IN_BROWSER_PATH, maxAge: maxAgeSeconds });
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
