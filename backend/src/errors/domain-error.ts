/**
 * A refusal by a domain service (workspaces, users, tokens, Git, profiles, audit), whatever the
 * entrance it came through. Its message is safe to show. Each kind has one HTTP status, here; the
 * HTTP layer (http/error-handler.ts) answers with it in the one error body shape.
 */
export type RefusalKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict' | 'unprocessable';

const HTTP_STATUS: Record<RefusalKind, number> = { invalid: 400, forbidden: 403, 'not-found': 404, conflict: 409, unprocessable: 422 };

export class DomainError extends Error {
    override readonly name = 'DomainError';

    constructor(readonly kind: RefusalKind, message: string) {
        super(message);
    }

    get status(): number {
        return HTTP_STATUS[this.kind];
    }
}

export const invalid = (message: string): DomainError => new DomainError('invalid', message);
export const forbidden = (message: string): DomainError => new DomainError('forbidden', message);
export const notFound = (what: string): DomainError => new DomainError('not-found', `${what} not found`);
export const conflict = (message: string): DomainError => new DomainError('conflict', message);
export const unprocessable = (message: string): DomainError => new DomainError('unprocessable', message);

export function isNotFound(error: unknown): boolean {
    return error instanceof DomainError && error.kind === 'not-found';
}
