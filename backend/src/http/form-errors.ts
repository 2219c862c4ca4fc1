import type { NextFunction, Request, Response } from 'express';
import { FormState } from './pages/form-state.js';
import { wantsHtml } from './request-context.js';

/** The pages whose forms post to the API: a refused form is answered with its page drawn again. */
export type FormPage = 'dashboard' | 'admin';

/** Draws a page for the request, with a refused form's error and values when there is one. */
export type PageRenderer = (req: Request, res: Response, form?: FormState) => Promise<void>;

export type FormPages = Record<FormPage, PageRenderer>;

interface FormOrigin {
    page: FormPage;
    form: string;
}

/** Fields never sent back into a page, whatever form they come from. */
const SECRET_FIELD = /password|secret|credential|token$/i;

/**
 * Marks a route as the target of a browser form: when it refuses the request, a browser gets `page`
 * again with the error beside form `form` (an id, or one per row: `req => 'user-' + req.params.id`)
 * and the fields filled in as sent, with the error's status; an API client still gets JSON.
 */
export function fromForm(page: FormPage, form: string | ((req: Request) => string)) {
    return (req: Request, res: Response, next: NextFunction): void => {
        res.locals.formOrigin = { page, form: typeof form === 'string' ? form : form(req) } satisfies FormOrigin;
        next();
    };
}

/** For the error handler: which page to draw for a refused browser form, and with what; undefined for API clients. */
export function refusedForm(req: Request, res: Response, error: string): { page: FormPage; state: FormState } | undefined {
    const origin = res.locals.formOrigin as FormOrigin | undefined;
    if (!origin || !wantsHtml(req)) {
        return undefined;
    }
    return { page: origin.page, state: { form: origin.form, error, values: submittedValues(req.method === 'GET' ? req.query : req.body) } };
}

function submittedValues(fields: unknown): Record<string, string> {
    const values: Record<string, string> = {};
    if (fields && typeof fields === 'object') {
        for (const [name, value] of Object.entries(fields)) {
            if (typeof value === 'string' && !SECRET_FIELD.test(name)) {
                values[name] = value;
            }
        }
    }
    return values;
}
