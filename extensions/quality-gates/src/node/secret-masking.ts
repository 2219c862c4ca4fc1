/** Long enough that showing its first characters does not give the secret away. */
const MIN_LENGTH_FOR_PREFIX = 20;
const SHOWN_PREFIX = 4;

/**
 * `AKIA****************` (20 chars): the first 4 characters of a long secret (they name its kind,
 * e.g. AKIA, sk-a, ----) and its length; nothing of a short one.
 */
export function maskSecret(secret: string): string {
    const firstLine = secret.split(/\r?\n/)[0];
    const prefix = secret.length >= MIN_LENGTH_FOR_PREFIX ? firstLine.slice(0, SHOWN_PREFIX) : '';
    return `${prefix}${'*'.repeat(16)} (${secret.length} chars)`;
}

/** secretlint's masked message (secrets replaced by runs of `*`) with each run replaced by `masked`. */
export function maskSecretsInMessage(maskedMessage: string, masked: string): string {
    return maskedMessage.replace(/\*{4,}/g, () => masked);
}
