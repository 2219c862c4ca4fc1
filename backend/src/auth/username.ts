import { z } from 'zod';

/** What a stored username looks like; every name is brought to this shape before it is compared or kept. */
export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{1,31}$/;
export const USERNAME_RULE = 'username must be 2-32 characters: lowercase letters, digits, ".", "_" or "-", starting with a letter';

/** Longer input is refused before any work; it also bounds NFKC, which can expand a character up to 18-fold. */
const MAX_INPUT_LENGTH = 128;

/**
 * The one spelling of a username, used wherever a name comes in (sign-in and its rate limits,
 * account creation, configuration): Unicode NFKC (so fullwidth "ａｌｉｃｅ" or the Kelvin sign
 * become plain letters), surrounding whitespace trimmed, lower-cased. What is left must match
 * USERNAME_PATTERN, so every variant of one name reaches one account and one limiter bucket.
 * Undefined when the input cannot be a username.
 */
export function normalizeUsername(input: unknown): string | undefined {
    if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH) {
        return undefined;
    }
    const name = input.normalize('NFKC').trim().toLowerCase();
    return USERNAME_PATTERN.test(name) ? name : undefined;
}

/** A username in configuration (environment, profiles), normalised the same way. */
export const usernameSchema = z.string().transform((input, ctx) => {
    const name = normalizeUsername(input);
    if (name === undefined) {
        ctx.addIssue({ code: 'custom', message: USERNAME_RULE });
        return z.NEVER;
    }
    return name;
});
