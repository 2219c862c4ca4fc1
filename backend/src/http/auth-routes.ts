import express, { Request, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { clearedSessionCookie, readSessionToken, sessionCookie } from '../auth/session-cookie.js';
import { SessionService } from '../auth/sessions.js';
import { UserService } from '../auth/users.js';
import { Logger } from '../log.js';
import { loginPage } from './pages.js';
import { safeNextPath, wantsHtml } from './request-context.js';

export interface AuthRouteOptions {
    users: UserService;
    sessions: SessionService;
    log: Logger;
    attemptsPer15Min: number;
    isSecure: (req: Request) => boolean;
}

export function authRoutes(options: AuthRouteOptions): express.Router {
    const { users, sessions, log, isSecure } = options;
    const router = express.Router();
    const loginLimiter = rateLimit({
        windowMs: 15 * 60_000,
        limit: options.attemptsPer15Min,
        skipSuccessfulRequests: true,
        // Per address and account: guessing one account's password is slowed down, while a
        // classroom behind one NAT address can still sign in at once.
        keyGenerator: req => `${ipKeyGenerator(req.ip ?? '')}|${String(req.body?.username ?? '').toLowerCase().slice(0, 64)}`,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        handler: (req, res) => {
            log.warn({ ip: req.ip }, 'sign-in rate limit reached');
            const message = 'Too many sign-in attempts. Wait 15 minutes and try again.';
            if (wantsHtml(req)) {
                res.status(429).type('html').send(loginPage({ error: message }));
            } else {
                res.status(429).json({ error: message, code: 'rate_limited' });
            }
        }
    });

    router.get('/login', (req, res) => {
        if (req.user) {
            res.redirect(303, safeNextPath(req.query.next));
            return;
        }
        res.type('html').send(loginPage({ next: safeNextPath(req.query.next) }));
    });

    router.post('/login', loginLimiter, async (req: Request, res: Response) => {
        const username = typeof req.body?.username === 'string' ? req.body.username.trim() : '';
        const password = typeof req.body?.password === 'string' ? req.body.password : '';
        const next = safeNextPath(req.body?.next);
        const user = username && password ? await users.authenticate(username, password) : undefined;
        if (!user) {
            log.info({ username: username.slice(0, 64), ip: req.ip }, 'sign-in failed');
            const error = 'Wrong username or password.';
            if (wantsHtml(req)) {
                res.status(401).type('html').send(loginPage({ error, next, username }));
            } else {
                res.status(401).json({ error, code: 'unauthenticated' });
            }
            return;
        }
        const session = await sessions.create(user.id);
        res.setHeader('Set-Cookie', sessionCookie(session.token, session.expiresAt, isSecure(req)));
        log.info({ userId: user.id, username: user.username }, 'signed in');
        if (wantsHtml(req)) {
            res.redirect(303, next);
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
