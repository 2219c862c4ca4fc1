import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { normalizeUsername } from '../auth/username.js';
import { Logger } from '../log.js';
import { loginPage, LoginPageOptions } from './pages/login-page.js';
import { wantsHtml } from './request-context.js';

const WINDOW_MS = 15 * 60_000;

/**
 * Only a password that was checked and wrong counts: a refusal by a limit or by the busy hashing
 * queue tested nothing, and counting it would let one client lock out everyone behind its address.
 */
const onlyWrongPasswordsCount = { skipSuccessfulRequests: true, requestWasSuccessful: (_req: Request, res: Response) => res.statusCode !== 401 };

/**
 * The sign-in rate limits, both counting failed sign-ins in 15 minutes:
 * - per address and account, so one account's password is guessed slowly, while a classroom
 *   behind one NAT address can still sign in at once. The account is the normalised name, so
 *   " Alice ", "ALICE" and "ａｌｉｃｅ" share one bucket; names that cannot be usernames share one too.
 * - per address, much larger, so one client cycling through made-up names is slowed down too.
 */
export function signInLimiters(options: { perAccount: number; perAddress: number; log: Logger; renderLogin?: (page: LoginPageOptions) => string }): RequestHandler[] {
    const renderLogin = options.renderLogin ?? loginPage;
    const address = (req: Request): string => ipKeyGenerator(req.ip ?? '');
    const limiter = (name: string, limit: number, key: (req: Request) => string): RequestHandler => rateLimit({
        windowMs: WINDOW_MS,
        limit,
        ...onlyWrongPasswordsCount,
        keyGenerator: key,
        identifier: name,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        handler: (req, res) => {
            options.log.warn({ ip: req.ip, limit: name }, 'sign-in rate limit reached');
            const message = 'Too many sign-in attempts. Wait 15 minutes and try again.';
            if (wantsHtml(req)) {
                res.status(429).type('html').send(renderLogin({ error: message }));
            } else {
                res.status(429).json({ error: message, code: 'rate_limited' });
            }
        }
    });
    return [
        limiter('sign-in-per-address', options.perAddress, address),
        limiter('sign-in-per-account', options.perAccount, req => `${address(req)}|${normalizeUsername(req.body?.username) ?? '(not a username)'}`)
    ];
}
