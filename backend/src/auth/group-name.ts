import { z } from 'zod';

/** What a group name looks like, for groups an admin gives, profiles' allowedGroups and groups from an identity provider. */
export const GROUP_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
export const GROUP_RULE = 'group names are lowercase letters, digits and "-", starting with a letter (at most 32)';

export const groupNameSchema = z.string().regex(GROUP_PATTERN, GROUP_RULE);

/** Longer input cannot become a valid name; refused before any work. */
const MAX_INPUT_LENGTH = 256;

/**
 * An identity provider's group as one of ours: NFKC, trimmed, lower-cased, a leading "/" dropped
 * (Keycloak's full group paths), then "/", spaces, "_" and "." become "-". So Keycloak's
 * "/Data Science" is "data-science" and "/org/devs" is "org-devs". Undefined when what is left
 * is not a group name (Entra's object ids start with a digit: map them to names in the provider).
 */
export function normalizeGroupName(input: unknown): string | undefined {
    if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH) {
        return undefined;
    }
    const name = input.normalize('NFKC').trim().toLowerCase().replace(/^\//, '').replace(/[/\s_.]+/g, '-');
    return GROUP_PATTERN.test(name) ? name : undefined;
}
