/** An error whose message is safe to show to the client, with the HTTP status it maps to. */
export class HttpError extends Error {
    constructor(readonly status: number, message: string, readonly code = statusCode(status)) {
        super(message);
    }
}

function statusCode(status: number): string {
    switch (status) {
        case 400: return 'bad_request';
        case 401: return 'unauthenticated';
        case 403: return 'forbidden';
        case 404: return 'not_found';
        case 409: return 'conflict';
        case 413: return 'too_large';
        case 429: return 'rate_limited';
        case 503: return 'unavailable';
        default: return 'error';
    }
}
