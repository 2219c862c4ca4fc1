import express, { Request, Response } from 'express';
import { PasswordHashingBusy } from '../auth/passwords.js';
import { clearedSessionCookie, readSessionToken, sessionCookie } from '../auth/session-cookie.js';
import { SessionService } from '../auth/sessions.js';
import { UserService } from '../auth/users.js';
import { Logger } from '../log.js';
import { signInLimiters } from './sign-in-limits.js';
import { loginPage } from './pages/login-page.js';
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
}

export function authRoutes(options: AuthRouteOptions): express.Router {
    const { users, sessions, log, isSecure } = options;
    const router = express.Router();
    const limiters = signInLimiters({ perAccount: options.attemptsPer15Min, perAddress: options.attemptsPerAddressPer15Min, log });

    const refuse = (req: Request, res: Response, status: number, error: string, code: string): void => {
        if (wantsHtml(req)) {
            res.status(status).type('html').send(loginPage({ error, next: safeNextPath(req.body?.next), username: typedName(req) }));
        } else {
            res.status(status).json({ error, code });
        }
    };

    router.get('/login', (req, res) => {
        if (req.user) {
            res.redirect(303, safeNextPath(req.query.next));
            return;
        }
        res.type('html').send(loginPage({ next: safeNextPath(req.query.next) }));
    });

    router.post('/login', ...limiters, async (req: Request, res: Response) => {
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
        res.setHeader('Set-Cookie', sessionCookie(session.token, session.expiresAt, isSecure(req)));
        log.info({ userId: user.id, username: user.username }, 'signed in');
        if (wantsHtml(req)) {
            res.redirect(303, safeNextPath(req.body?.next));
        } else {
            res.json({ ok: true, username: user.username, expiresAt: session.expiresAt.toISOString() });
        }
    });

    router.post('/logout', async (req, res) => {
        await sessions.revoke(readSessionToken(req));
        res.setHeader('Set-Cookie', clearedSessionCookie(isSecure(req)));
        if (wantsHtml(req)) {
            res.redirect(303, '/login');
        } else {
            res.json({ ok: true });
        }
    });

    return router;
}
