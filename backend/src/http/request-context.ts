import type { NextFunction, Request, Response } from 'express';
import { readSessionToken } from '../auth/session-cookie.js';
import { SessionService } from '../auth/sessions.js';
import { UserRecord } from '../store/records.js';
import { HttpError } from './http-error.js';

declare module 'express-serve-static-core' {
    interface Request {
        user?: UserRecord;
    }
}

/** Attaches the signed-in user, if any, to the request. */
export function attachUser(sessions: SessionService) {
    return (req: Request, _res: Response, next: NextFunction): void => {
        req.user = sessions.resolve(readSessionToken(req));
        next();
    };
}

export function currentUser(req: Request): UserRecord {
    if (!req.user) {
        throw new HttpError(401, 'sign in first');
    }
    return req.user;
}

export function currentAdmin(req: Request): UserRecord {
    const user = currentUser(req);
    if (!user.isAdmin) {
        throw new HttpError(403, 'this needs an admin');
    }
    return user;
}

/** Whether the client wants a page (a browser form or link) rather than JSON. */
export function wantsHtml(req: Request): boolean {
    return req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded' || (req.accepts(['json', 'html']) === 'html');
}

/**
 * Refuses state-changing requests whose Origin is another site. With SameSite=Lax cookies this
 * closes cross-site request forgery; clients that send no Origin (curl, SDKs) are not browsers.
 */
export function sameOriginWrites(isSecure: (req: Request) => boolean) {
    return (req: Request, _res: Response, next: NextFunction): void => {
        const origin = req.headers.origin;
        if (origin && !['GET', 'HEAD', 'OPTIONS'].includes(req.method) && origin !== `${isSecure(req) ? 'https' : 'http'}://${req.headers.host}`) {
            next(new HttpError(403, 'cross-origin request refused'));
            return;
        }
        next();
    };
}

/**
 * The gateway's API and pages refuse requests made by a workspace's pages (whatever the method):
 * content there may be served by code in the sandbox, and must never act with the owner's session.
 */
export function refuseWorkspaceOrigins(isWorkspaceOrigin: (origin: string) => boolean) {
    return (req: Request, _res: Response, next: NextFunction): void => {
        const origin = req.headers.origin;
        next(origin && isWorkspaceOrigin(origin) ? new HttpError(403, 'requests from a workspace\'s pages cannot use the gateway') : undefined);
    };
}

/** Only same-site relative paths are accepted as a place to go after sign-in. */
export function safeNextPath(value: unknown): string {
    return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

/** A notice or error passed in the query string (`?notice=…`), when it is short text. */
export function stringParam(value: unknown): string | undefined {
    return typeof value === 'string' && value.length <= 300 ? value : undefined;
}

/** A browser form is sent back to a page with a notice; an API client gets the JSON. */
export function answerFormOrJson(req: Request, res: Response, page: string, notice: string, json: unknown, status = 200): void {
    if (wantsHtml(req)) {
        res.redirect(303, `${page}?notice=${encodeURIComponent(notice)}`);
    } else {
        res.status(status).json(json);
    }
}
