import * as client from 'openid-client';

/**
 * A single sign-on that ends without a session. `message` is shown to the person signing in;
 * `reason` is a short word for the log (never a token or a code).
 */
export class OidcSignInRefused extends Error {
    constructor(readonly status: number, message: string, readonly reason: string) {
        super(message);
    }
}

const MAX_DETAIL = 300;

/** What went wrong in words safe to show: openid-client's own sentence, or the provider's error code and description. */
export function describeProviderError(error: unknown): string {
    if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError) {
        return clip(error.error_description ? `${error.error}: ${error.error_description}` : error.error);
    }
    const cause = (error as { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? `${cause.message}${(cause as { code?: string }).code ? ` (${(cause as { code?: string }).code})` : ''}` : undefined;
    const text = error instanceof client.ClientError && causeText ? causeText : `${(error as Error)?.message ?? String(error)}${causeText ? `: ${causeText}` : ''}`;
    return clip(text);
}

function clip(text: string): string {
    return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}
