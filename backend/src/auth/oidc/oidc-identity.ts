import { OidcConfig } from '../../config/oidc-config.js';
import { normalizeGroupName } from '../group-name.js';
import { normalizeUsername, USERNAME_RULE } from '../username.js';
import { OidcSignInRefused } from './oidc-errors.js';

/** More groups than this in one claim is refused rather than cut (a cut could drop the one that allows). */
const MAX_GROUPS = 1000;
const MAX_EMAIL_LENGTH = 320;

/** Who the identity provider says signed in, in our terms. */
export interface OidcIdentity {
    issuer: string;
    subject: string;
    /** The username claim, normalised; undefined when it cannot be a username (refused for a new account). */
    username?: string;
    /** The username claim as the provider sent it (shortened), for messages. */
    claimedName: string;
    email?: string;
    emailVerified?: boolean;
    /** Our group names (normalised, sorted); names that cannot be ours are left out. */
    groups: string[];
    /** Whether the groups claim was there at all. */
    sentGroups: boolean;
}

/**
 * Reads the verified claims (ID token, completed by userinfo) into an identity. The subject is
 * the provider's stable id; the username claim is only a first name for a new account: an email
 * ("ada@example.com") gives its local part, then the usual normalisation applies.
 */
export function readIdentity(claims: Record<string, unknown>, issuer: string, settings: OidcConfig): OidcIdentity {
    const subject = claims.sub;
    if (typeof subject !== 'string' || subject === '' || subject.length > 255) {
        throw new OidcSignInRefused(400, 'The identity provider sent no usable subject ("sub") for your account.', 'bad subject');
    }
    const claimed = typeof claims[settings.usernameClaim] === 'string' ? claims[settings.usernameClaim] as string : '';
    const email = typeof claims.email === 'string' && claims.email.length <= MAX_EMAIL_LENGTH ? claims.email.trim().toLowerCase() : undefined;
    return {
        issuer,
        subject,
        username: normalizeUsername(claimed.includes('@') ? claimed.slice(0, claimed.lastIndexOf('@')) : claimed),
        claimedName: claimed.slice(0, 64),
        email,
        emailVerified: typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined,
        ...readGroups(claims[settings.groupsClaim], settings.groupsClaim)
    };
}

function readGroups(value: unknown, claim: string): Pick<OidcIdentity, 'groups' | 'sentGroups'> {
    if (value === undefined || value === null) {
        return { groups: [], sentGroups: false };
    }
    const names = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(names) || names.length > MAX_GROUPS) {
        throw new OidcSignInRefused(400, `The identity provider's "${claim}" claim is not a list of at most ${MAX_GROUPS} group names.`, 'bad groups claim');
    }
    const groups = new Set(names.map(normalizeGroupName).filter((group): group is string => group !== undefined));
    return { groups: [...groups].sort(), sentGroups: true };
}

/** Why the configured allow-lists refuse this identity, in words for the person; undefined when allowed. */
export function policyRefusal(identity: OidcIdentity, settings: OidcConfig): string | undefined {
    if (settings.allowedDomains.length) {
        const domain = identity.email?.slice(identity.email.lastIndexOf('@') + 1);
        if (!domain || !identity.email?.includes('@')) {
            return 'Sign-in here is limited to some email domains, and the identity provider sent no email address for your account.';
        }
        if (identity.emailVerified === false) {
            return `Your email address ${identity.email} is not verified at the identity provider.`;
        }
        if (!settings.allowedDomains.includes(domain)) {
            return `Email addresses at ${domain} may not sign in here.`;
        }
    }
    if (settings.allowedGroups.length) {
        const allowed = [...settings.allowedGroups, ...(settings.adminGroup ? [settings.adminGroup] : [])];
        if (!identity.groups.some(group => allowed.includes(group))) {
            return identity.sentGroups
                ? 'Your account is not in a group allowed to sign in here. Ask the people who run it to add you.'
                : `Sign-in here is limited to some groups, and the identity provider sent no "${settings.groupsClaim}" claim (check IDE_OIDC_SCOPES and the provider's group mapping).`;
        }
    }
    return undefined;
}

/** The username rule, for a refusal of a name that cannot be one. */
export function unusableNameMessage(identity: OidcIdentity, claim: string): string {
    return `The identity provider's "${claim}" for your account${identity.claimedName ? ` ("${identity.claimedName}")` : ''} cannot be a username here: ${USERNAME_RULE}.`;
}
