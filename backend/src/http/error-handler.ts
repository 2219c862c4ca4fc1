import type { NextFunction, Request, Response } from 'express';
import { PasswordHashingBusy } from '../auth/passwords.js';
import { DomainError } from '../errors/domain-error.js';
import { Logger } from '../log.js';
import { SandboxEngineUnavailable, SandboxStartError } from '../sandbox/sandbox-provider.js';
import { SandboxStopped } from '../workspaces/sandbox-lifecycle.js';
import { FormPages, refusedForm } from './form-errors.js';
import { HttpError } from './http-error.js';
import { errorPage } from './pages/error-page.js';
import { wantsHtml } from './request-context.js';
import { securityHeaders } from './security-headers.js';

/** Maps any thrown error to a status and a message that is safe to show: the one place domain errors become HTTP. */
export function toHttpError(error: unknown): HttpError {
    if (error instanceof HttpError) {
        return error;
    }
    if (error instanceof DomainError) {
        return new HttpError(error.status, error.message);
    }
    if (error instanceof SandboxEngineUnavailable) {
        return new HttpError(503, 'The sandbox engine (Docker) is unavailable right now. Try again shortly; an admin has been told in the logs.');
    }
    if (error instanceof PasswordHashingBusy) {
        return new HttpError(503, error.message);
    }
    if (error instanceof SandboxStartError) {
        return new HttpError(503, error.message);
    }
    if (error instanceof SandboxStopped) {
        return new HttpError(503, error.message, 'stopped');
    }
    const bodyError = error as { type?: string; status?: number };
    if (bodyError.type === 'entity.too.large') {
        return new HttpError(413, 'request body is too large');
    }
    if (bodyError.type === 'entity.parse.failed') {
        return new HttpError(400, 'request body is not valid JSON');
    }
    return new HttpError(500, 'internal error');
}

/** `pages` draw a refused browser form's page again, with the error beside the form (see fromForm). */
export function errorHandler(log: Logger, pages?: FormPages) {
    return async (error: unknown, req: Request, res: Response, _next: NextFunction): Promise<void> => {
        const httpError = toHttpError(error);
        if (httpError.status >= 500) {
            log.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
        }
        if (res.headersSent) {
            res.destroy();
            return;
        }
        if (httpError.status === 401 && req.method === 'GET' && wantsHtml(req)) {
            res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
            return;
        }
        if (httpError.status === 401 && !res.hasHeader('WWW-Authenticate')) {
            res.setHeader('WWW-Authenticate', 'Cookie realm="ide"');
        }
        if (httpError.status === 503) {
            res.setHeader('Retry-After', '5');
        }
        securityHeaders(req, res, () => undefined);
        // Not for 401/403: the page would be refused as well.
        const form = httpError.status === 401 || httpError.status === 403 ? undefined : refusedForm(req, res, httpError.message);
        if (form && pages) {
            try {
                res.status(httpError.status);
                await pages[form.page](req, res, form.state);
                return;
            } catch (renderError) {
                // The page itself needs what failed (the engine, say): the plain error page says it.
                log.warn({ err: renderError, url: req.originalUrl }, 'could not draw the form\'s page again; answering with the error page');
            }
        }
        if (wantsHtml(req)) {
            res.status(httpError.status).type('html').send(errorPage(httpError.status, httpError.message, typeof res.locals.dashboardUrl === 'string' ? res.locals.dashboardUrl : '/'));
        } else {
            res.status(httpError.status).json({ error: httpError.message, code: httpError.code });
        }
    };
}
