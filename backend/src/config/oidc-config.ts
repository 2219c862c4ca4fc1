import { z } from 'zod';
import { normalizeGroupName } from '../auth/group-name.js';
import { emptyAsUnset, flag } from './env-values.js';

const optionalText = (max: number) => z.preprocess(emptyAsUnset, z.string().max(max).optional());
const claimName = z.string().regex(/^[A-Za-z0-9_:.\-/]{1,64}$/, 'a claim name such as preferred_username, email or groups');
const commaList = (value: string): string[] => value.split(',').map(item => item.trim()).filter(Boolean);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
/** True for what is not a URL at all: the URL check already said so. */
const httpsOrLoopback = (url: string): boolean => URL.canParse(url) ? url.startsWith('https:') || LOOPBACK_HOSTS.has(new URL(url).hostname) : true;

/** The IDE_OIDC_* variables, validated with the rest of the environment (server-config.ts). */
export const oidcEnvFields = {
    IDE_OIDC_ISSUER: z.preprocess(emptyAsUnset, z.url({ protocol: /^https?$/, error: 'IDE_OIDC_ISSUER must be the issuer URL, e.g. https://keycloak.example.com/realms/team' })
        .refine(httpsOrLoopback, 'IDE_OIDC_ISSUER must use https (plain http only on loopback, for tests)')
        .optional()),
    IDE_OIDC_CLIENT_ID: optionalText(256),
    IDE_OIDC_CLIENT_SECRET: optionalText(1024),
    IDE_OIDC_NAME: z.preprocess(emptyAsUnset, z.string().max(40).default('single sign-on')),
    IDE_OIDC_SCOPES: z.preprocess(emptyAsUnset, z.string().max(500).regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'IDE_OIDC_SCOPES is a space-separated list of scopes')
        .refine(scopes => scopes.split(' ').includes('openid'), 'IDE_OIDC_SCOPES must include openid')
        .default('openid profile email')),
    IDE_OIDC_USERNAME_CLAIM: z.preprocess(emptyAsUnset, claimName.default('preferred_username')),
    IDE_OIDC_GROUPS_CLAIM: z.preprocess(emptyAsUnset, claimName.default('groups')),
    IDE_OIDC_ALLOWED_DOMAINS: z.string().max(4000).default('').transform((value, ctx) => {
        const domains = commaList(value).map(domain => domain.toLowerCase().replace(/^@/, ''));
        const bad = domains.filter(domain => !/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(domain));
        if (bad.length) {
            ctx.addIssue({ code: 'custom', message: `IDE_OIDC_ALLOWED_DOMAINS is a comma-separated list of email domains; not a domain: ${bad.join(', ')}` });
        }
        return domains;
    }),
    IDE_OIDC_ALLOWED_GROUPS: z.string().max(4000).default('').transform((value, ctx) => groupList(commaList(value), 'IDE_OIDC_ALLOWED_GROUPS', ctx)),
    IDE_OIDC_ADMIN_GROUP: z.preprocess(emptyAsUnset, z.string().max(256).optional()).transform((value, ctx) => value === undefined ? undefined : groupList([value], 'IDE_OIDC_ADMIN_GROUP', ctx)[0]),
    IDE_PASSWORD_LOGIN: z.preprocess(emptyAsUnset, flag.default(true))
};

type OidcEnv = z.output<z.ZodObject<typeof oidcEnvFields>>;

/** Names as the identity provider spells them, brought to our group names the way its groups claim is (see normalizeGroupName). */
function groupList(names: string[], variable: string, ctx: z.RefinementCtx): string[] {
    const groups = names.map(name => normalizeGroupName(name));
    const bad = names.filter((_name, index) => groups[index] === undefined);
    if (bad.length) {
        ctx.addIssue({ code: 'custom', message: `${variable}: not a group name: ${bad.join(', ')} (letters, digits, "-", starting with a letter)` });
    }
    return groups.filter((group): group is string => group !== undefined);
}

export interface OidcConfig {
    issuer: URL;
    clientId: string;
    /** Absent for a public client (PKCE only). */
    clientSecret?: string;
    /** Shown on the button: "Sign in with <name>". */
    displayName: string;
    scopes: string;
    usernameClaim: string;
    groupsClaim: string;
    /** Email domains allowed to sign in; empty: any. */
    allowedDomains: string[];
    /** Our group names (normalised); a member of one of them, or of the admin group, may sign in. Empty: anyone. */
    allowedGroups: string[];
    adminGroup?: string;
}

export interface SignInConfig {
    /** Single sign-on, when IDE_OIDC_ISSUER is set. */
    oidc?: OidcConfig;
    /** False: only the break-glass local admin (IDE_ADMIN_USER) may sign in with a password. */
    passwordLogin: boolean;
}

/** Problems in words (empty when none), for what the schema cannot see field by field. */
export function oidcConfigProblems(env: OidcEnv): string[] {
    const problems: string[] = [];
    if (env.IDE_OIDC_ISSUER && !env.IDE_OIDC_CLIENT_ID) {
        problems.push('IDE_OIDC_CLIENT_ID: needed with IDE_OIDC_ISSUER (the client id registered at the identity provider)');
    }
    if (!env.IDE_OIDC_ISSUER && env.IDE_OIDC_CLIENT_ID) {
        problems.push('IDE_OIDC_ISSUER: needed with IDE_OIDC_CLIENT_ID');
    }
    if (!env.IDE_OIDC_ISSUER && !env.IDE_PASSWORD_LOGIN) {
        problems.push('IDE_PASSWORD_LOGIN: 0 needs single sign-on (IDE_OIDC_ISSUER); without it only the admin could sign in');
    }
    return problems;
}

export function readSignInConfig(env: OidcEnv): SignInConfig {
    const oidc: OidcConfig | undefined = env.IDE_OIDC_ISSUER && env.IDE_OIDC_CLIENT_ID ? {
        issuer: new URL(env.IDE_OIDC_ISSUER),
        clientId: env.IDE_OIDC_CLIENT_ID,
        clientSecret: env.IDE_OIDC_CLIENT_SECRET,
        displayName: env.IDE_OIDC_NAME,
        scopes: env.IDE_OIDC_SCOPES,
        usernameClaim: env.IDE_OIDC_USERNAME_CLAIM,
        groupsClaim: env.IDE_OIDC_GROUPS_CLAIM,
        allowedDomains: env.IDE_OIDC_ALLOWED_DOMAINS,
        allowedGroups: env.IDE_OIDC_ALLOWED_GROUPS,
        adminGroup: env.IDE_OIDC_ADMIN_GROUP
    } : undefined;
    return { oidc, passwordLogin: env.IDE_PASSWORD_LOGIN };
}
