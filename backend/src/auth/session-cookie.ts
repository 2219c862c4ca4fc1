import type { IncomingMessage } from 'node:http';
import { parse as parseCookies, serialize } from 'cookie';
import { GATEWAY_COOKIE_PREFIX } from '../proxy/proxy-headers.js';

export const SESSION_COOKIE = `${GATEWAY_COOKIE_PREFIX}session`;

export function readSessionToken(req: IncomingMessage): string | undefined {
    const header = req.headers.cookie;
    return header ? parseCookies(header)[SESSION_COOKIE] : undefined;
}

/** HttpOnly, SameSite=Lax (top-level links into /w/... keep working), Secure whenever the browser came over TLS. */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
    return serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
}

export function clearedSessionCookie(secure: boolean): string {
    return serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: new Date(0) });
}
