import express, { Request, Response } from 'express';
import { OidcSignIn } from '../auth/oidc/oidc-sign-in.js';
import { PasswordHashingBusy } from '../auth/passwords.js';
import { clearedSessionCookie, readSessionToken, sessionCookie } from '../auth/session-cookie.js';
import { SessionService } from '../auth/sessions.js';
import { normalizeUsername } from '../auth/username.js';
import { UserService } from '../auth/users.js';
import { Logger } from '../log.js';
import { providerSignOutPage } from './pages/oidc-pages.js';
import { signInLimiters } from './sign-in-limits.js';
import { LoginChoices, loginPage, LoginPageOptions } from './pages/login-page.js';
import { safeNextPath, wantsHtml } from './request-context.js';

/** Long enough for the hashing queue to drain (it holds about 2 s of work). */
const BUSY_RETRY_AFTER_SECONDS = 5;
/** The name as typed, shortened, to show back on the sign-in page and in the log. */
const typedName = (req: Request): string => typeof req.body?.username === 'string' ? req.body.username.slice(0, 64).trim() : '';

export interface AuthRouteOptions {
    users: UserService;
    sessions: SessionService;
    log: Logger;
    attemptsPer15Min: number;
    attemptsPerAddressPer15Min: number;
    isSecure: (req: Request) => boolean;
    /** False: only `breakGlassUser` (IDE_ADMIN_USER, a local account) may sign in with a password. */
    passwordLogin: boolean;
    breakGlassUser: string;
    /** Single sign-on, when configured. */
    sso?: OidcSignIn;
    /** The gateway's origin as the browser knows it (the provider's logout comes back to it). */
    gatewayOrigin: (req: Request) => string;
}

export function authRoutes(options: AuthRouteOptions): express.Router {
    const { users, sessions, log, isSecure, sso } = options;
    const router = express.Router();

    const choices = (): LoginChoices => {
        const status = sso?.status();
        return {
            passwordLogin: options.passwordLogin,
            sso: sso && { name: sso.displayName, unavailable: status?.state === 'unavailable' ? `${status.message} It is tried again at the next sign-in.` : undefined }
        };
    };
    const renderLogin = (page: LoginPageOptions): string => loginPage(page, choices());
    const limiters = signInLimiters({ perAccount: options.attemptsPer15Min, perAddress: options.attemptsPerAddressPer15Min, log, renderLogin });

    const refuse = (req: Request, res: Response, status: number, error: string, code: string): void => {
        if (wantsHtml(req)) {
            res.status(status).type('html').send(renderLogin({ error, next: safeNextPath(req.body?.next), username: typedName(req) }));
        } else {
            res.status(status).json({ error, code });
        }
    };

    router.get('/login', (req, res) => {
        if (req.user) {
            res.redirect(303, safeNextPath(req.query.next));
            return;
        }
        sso?.issuer.refresh();
        res.type('html').send(renderLogin({ next: safeNextPath(req.query.next) }));
    });

    router.post('/login', ...limiters, async (req: Request, res: Response) => {
        if (!options.passwordLogin && normalizeUsername(req.body?.username) !== options.breakGlassUser) {
            refuse(req, res, 403, `Password sign-in is turned off here: sign in with ${sso?.displayName ?? 'single sign-on'}.`, 'password_login_off');
            return;
        }
        let user;
        try {
            user = await users.authenticate(req.body?.username, req.body?.password);
        } catch (error) {
            if (!(error instanceof PasswordHashingBusy)) {
                throw error;
            }
            log.warn({ ip: req.ip }, 'sign-in refused: the password hashing queue is full');
            res.setHeader('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
            refuse(req, res, 503, error.message, 'unavailable');
            return;
        }
        if (!user) {
            log.info({ username: typedName(req), ip: req.ip }, 'sign-in failed');
            refuse(req, res, 401, 'Wrong username or password.', 'unauthenticated');
            return;
        }
        const session = await sessions.create(user.id);
        await users.recordSignIn(user.id);
        res.setHeader('Set-Cookie', sessionCookie(session.token, session.expiresAt, isSecure(req)));
        log.info({ userId: user.id, username: user.username }, 'signed in');
        if (wantsHtml(req)) {
            res.redirect(303, safeNextPath(req.body?.next));
        } else {
            res.json({ ok: true, username: user.username, expiresAt: session.expiresAt.toISOString() });
        }
    });

    router.post('/logout', async (req, res) => {
        const ended = await sessions.revoke(readSessionToken(req));
        res.setHeader('Set-Cookie', clearedSessionCookie(isSecure(req)));
        const providerLogout = ended?.oidcIdToken ? sso?.logoutUrl(ended.oidcIdToken, `${options.gatewayOrigin(req)}/login`) : undefined;
        if (wantsHtml(req)) {
            if (providerLogout) {
                res.type('html').send(providerSignOutPage(sso!.displayName, providerLogout));
            } else {
                res.redirect(303, '/login');
            }
        } else {
            res.json({ ok: true, ...(providerLogout ? { logoutUrl: providerLogout.href } : {}) });
        }
    });

    return router;
}
