import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { SANDBOX_SECRET_HEADER } from '../sandbox/ide-socket-client.js';

/** Cookies whose name starts with this belong to the gateway and never reach a sandbox. */
export const GATEWAY_COOKIE_PREFIX = 'ide_';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

export interface ForwardedFor {
    prefix: string;
    clientIp: string;
    proto: string;
    host: string;
}

/** Headers sent into the sandbox: no gateway cookie, no credentials, the sandbox secret added. */
export function sandboxRequestHeaders(incoming: IncomingHttpHeaders, secret: string, forwarded: ForwardedFor, isUpgrade: boolean): OutgoingHttpHeaders {
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(incoming)) {
        if (value === undefined || name === 'authorization' || name === SANDBOX_SECRET_HEADER || name.startsWith('x-forwarded-')) {
            continue;
        }
        if (HOP_BY_HOP.has(name) && !(isUpgrade && (name === 'connection' || name === 'upgrade'))) {
            continue;
        }
        headers[name] = value;
    }
    const cookie = withoutGatewayCookies(incoming.cookie);
    if (cookie) {
        headers.cookie = cookie;
    } else {
        delete headers.cookie;
    }
    headers[SANDBOX_SECRET_HEADER] = secret;
    headers['x-forwarded-prefix'] = forwarded.prefix;
    headers['x-forwarded-for'] = forwarded.clientIp;
    headers['x-forwarded-proto'] = forwarded.proto;
    headers['x-forwarded-host'] = forwarded.host;
    return headers;
}

/**
 * Headers sent back to the browser: hop-by-hop removed, no gateway cookie, and the IDE's cookies
 * scoped to its own prefix (Theia sets `Path=/`; two open workspaces would overwrite each other).
 */
export function browserResponseHeaders(incoming: IncomingHttpHeaders, prefix: string): OutgoingHttpHeaders {
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(incoming)) {
        if (value === undefined || HOP_BY_HOP.has(name)) {
            continue;
        }
        headers[name] = value;
    }
    const setCookie = incoming['set-cookie']
        ?.filter(cookie => !cookie.trimStart().startsWith(GATEWAY_COOKIE_PREFIX))
        .map(cookie => scopeCookiePath(cookie, prefix));
    if (setCookie?.length) {
        headers['set-cookie'] = setCookie;
    } else {
        delete headers['set-cookie'];
    }
    return headers;
}

function scopeCookiePath(cookie: string, prefix: string): string {
    const attributes = cookie.split(';');
    const path = attributes.findIndex(attribute => /^\s*path=/i.test(attribute));
    const original = path >= 0 ? attributes[path].split('=')[1].trim() : '/';
    const scoped = ` Path=${prefix}${original.startsWith('/') ? original : `/${original}`}`;
    if (path >= 0) {
        attributes[path] = scoped;
    } else {
        attributes.push(scoped);
    }
    return attributes.join(';');
}

function withoutGatewayCookies(cookieHeader: string | undefined): string | undefined {
    if (!cookieHeader) {
        return undefined;
    }
    const kept = cookieHeader.split(';').map(part => part.trim()).filter(part => part && !part.startsWith(GATEWAY_COOKIE_PREFIX));
    return kept.length ? kept.join('; ') : undefined;
}
