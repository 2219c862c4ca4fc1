import { randomBytes } from 'node:crypto';
import express, { Request, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { OidcSignInRefused } from '../auth/oidc/oidc-errors.js';
import { OidcSignIn } from '../auth/oidc/oidc-sign-in.js';
import { PENDING_SIGN_IN_TTL_MS } from '../auth/oidc/pending-sign-ins.js';
import { readSessionToken, readSignInBrowser, sessionCookie, signInBrowserCookie } from '../auth/session-cookie.js';
import { SessionService } from '../auth/sessions.js';
import { Logger } from '../log.js';
import { signInRefusedPage } from './pages/oidc-pages.js';
import { safeNextPath } from './request-context.js';

export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';
/** Sign-ins started per client address in 15 minutes: generous (a classroom behind one NAT address), but bounded. */
const STARTS_PER_ADDRESS_PER_15MIN = 300;

export interface OidcRouteOptions {
    sso: OidcSignIn;
    sessions: SessionService;
    log: Logger;
    isSecure: (req: Request) => boolean;
    /** The gateway's origin as the browser knows it (IDE_PUBLIC_URL, else the request's): the redirect URI is under it. */
    gatewayOrigin: (req: Request) => string;
}

/**
 * GET /auth/oidc/login sends the browser to the identity provider; GET /auth/oidc/callback is where
 * it comes back. Whatever goes wrong ends on a page that says why, with no session made.
 */
export function oidcRoutes(options: OidcRouteOptions): express.Router {
    const { sso, sessions, log, isSecure } = options;
    const router = express.Router();

    /** Also for unexpected errors: the error handler's log line would carry the callback's URL, code and all. */
    const refuse = (req: Request, res: Response, error: unknown): void => {
        if (error instanceof OidcSignInRefused) {
            log.warn({ reason: error.reason, status: error.status, ip: req.ip, detail: error.message }, 'single sign-on refused');
            res.status(error.status).type('html').send(signInRefusedPage(error.message));
        } else {
            log.error({ err: (error as Error)?.message ?? String(error), path: req.path }, 'single sign-on failed');
            res.status(500).type('html').send(signInRefusedPage('Sign-in failed because of an internal error; it is in the gateway\'s log.'));
        }
    };

    const startLimit = rateLimit({
        windowMs: 15 * 60_000,
        limit: STARTS_PER_ADDRESS_PER_15MIN,
        keyGenerator: req => ipKeyGenerator(req.ip ?? ''),
        identifier: 'sso-start-per-address',
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        handler: (req, res) => refuse(req, res, new OidcSignInRefused(429, 'Too many sign-ins from your address. Wait 15 minutes and try again.', 'rate limited'))
    });

    router.get('/auth/oidc/login', startLimit, async (req, res) => {
        const browser = readSignInBrowser(req) ?? randomBytes(32).toString('base64url');
        try {
            const authorizationUrl = await sso.begin(`${options.gatewayOrigin(req)}${OIDC_CALLBACK_PATH}`, safeNextPath(req.query.next), browser);
            res.setHeader('Set-Cookie', signInBrowserCookie(browser, PENDING_SIGN_IN_TTL_MS / 1000, isSecure(req)));
            res.redirect(303, authorizationUrl.href);
        } catch (error) {
            refuse(req, res, error);
        }
    });

    router.get(OIDC_CALLBACK_PATH, async (req, res) => {
        let completed;
        try {
            completed = await sso.complete(new URL(req.originalUrl, 'http://callback').searchParams, readSignInBrowser(req));
        } catch (error) {
            refuse(req, res, error);
            return;
        }
        try {
            await sessions.revoke(readSessionToken(req));
            const session = await sessions.create(completed.user.id, { oidcIdToken: completed.idToken });
            res.setHeader('Set-Cookie', sessionCookie(session.token, session.expiresAt, isSecure(req)));
        } catch (error) {
            refuse(req, res, error);
            return;
        }
        log.info({ userId: completed.user.id, username: completed.user.username }, 'signed in with single sign-on');
        res.redirect(303, completed.next);
    });

    return router;
}
