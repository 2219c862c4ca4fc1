import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { TARGET_PORT_HEADER } from '@ide/sandbox-contract';

/** Cookies whose name starts with this belong to the gateway and never reach a sandbox. */
export const GATEWAY_COOKIE_PREFIX = 'ide_';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

export interface ForwardedFor {
    /** The path the IDE is served under: '' on a workspace's own origin, `/w/<id>` in path mode. */
    prefix: string;
    clientIp: string;
    proto: string;
    host: string;
    /** A port preview: the port in the sandbox, and the workspace origin whose IDE may frame it. */
    preview?: { port: number; framedBy: string };
}

/** Headers sent into the sandbox: no gateway cookie, no credentials. */
export function sandboxRequestHeaders(incoming: IncomingHttpHeaders, forwarded: ForwardedFor, isUpgrade: boolean): OutgoingHttpHeaders {
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(incoming)) {
        if (value === undefined || name === 'authorization' || name === TARGET_PORT_HEADER || name.startsWith('x-forwarded-')) {
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
    if (forwarded.prefix) {
        headers['x-forwarded-prefix'] = forwarded.prefix;
    }
    headers['x-forwarded-for'] = forwarded.clientIp;
    headers['x-forwarded-proto'] = forwarded.proto;
    headers['x-forwarded-host'] = forwarded.host;
    if (forwarded.preview) {
        headers[TARGET_PORT_HEADER] = String(forwarded.preview.port);
        // Dev servers accept their own host (Vite, webpack refuse others); the public one is in X-Forwarded-Host.
        headers.host = `localhost:${forwarded.preview.port}`;
    }
    return headers;
}

/**
 * Headers sent back to the browser: hop-by-hop removed, no gateway cookie, cookies host-only (a
 * sandbox cannot set one for a parent domain through us), and in path mode scoped to the IDE's
 * prefix (Theia sets `Path=/`; two open workspaces would overwrite each other).
 */
export function browserResponseHeaders(incoming: IncomingHttpHeaders, forwarded: ForwardedFor): OutgoingHttpHeaders {
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(incoming)) {
        if (value === undefined || HOP_BY_HOP.has(name)) {
            continue;
        }
        headers[name] = value;
    }
    if (forwarded.preview) {
        // A port's preview may be framed by its workspace's IDE (the mini-browser), by no one else.
        if (headers['content-security-policy'] === undefined && headers['x-frame-options'] === undefined) {
            headers['content-security-policy'] = `frame-ancestors 'self' ${forwarded.preview.framedBy}`;
        }
    } else if (headers['x-frame-options'] === undefined) {
        // No other origin frames a workspace's IDE (its own mini-browser does, from the same origin).
        headers['x-frame-options'] = 'SAMEORIGIN';
    }
    const setCookie = incoming['set-cookie']
        ?.filter(cookie => !cookie.trimStart().startsWith(GATEWAY_COOKIE_PREFIX))
        .map(cookie => scopeCookie(cookie, forwarded.prefix));
    if (setCookie?.length) {
        headers['set-cookie'] = setCookie;
    } else {
        delete headers['set-cookie'];
    }
    return headers;
}

function scopeCookie(cookie: string, prefix: string): string {
    const attributes = cookie.split(';').filter(attribute => !/^\s*domain\s*=/i.test(attribute));
    if (!prefix) {
        return attributes.join(';');
    }
    const path = attributes.findIndex(attribute => /^\s*path\s*=/i.test(attribute));
    const original = path >= 0 ? attributes[path].split('=')[1]?.trim() ?? '/' : '/';
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
