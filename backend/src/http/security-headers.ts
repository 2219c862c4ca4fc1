import type { NextFunction, Request, Response } from 'express';
import { STATUS_SCRIPT_HASH } from './pages/workspace-status-page.js';

/** No inline script but the workspace status page's, by its hash; the other pages load theirs from the gateway (PAGE_SCRIPT_PATH). */
const CSP = `default-src 'self'; script-src 'self' ${STATUS_SCRIPT_HASH}; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'`;

/** For the gateway's own pages; the IDE's responses pass through untouched. */
export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('Cache-Control', 'no-store');
    next();
}
