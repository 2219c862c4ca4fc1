import * as client from 'openid-client';
import { OidcConfig } from '../../config/oidc-config.js';
import { Logger } from '../../log.js';
import { UserRecord } from '../../store/records.js';
import { Store } from '../../store/store.js';
import { AccessEvents } from '../access-events.js';
import { OidcAccounts } from './oidc-accounts.js';
import { describeProviderError, OidcSignInRefused } from './oidc-errors.js';
import { readIdentity } from './oidc-identity.js';
import { IssuerStatus, OidcIssuer } from './issuer-discovery.js';
import { PendingSignIns } from './pending-sign-ins.js';

/** Larger ID tokens are not kept for logout (the provider's logout then goes without id_token_hint). */
const MAX_KEPT_ID_TOKEN = 8192;
const MAX_STATE_LENGTH = 512;
/** What a sign-in under way keeps is bounded: at most 10 000 of them are held in memory. */
const MAX_KEPT_URL_LENGTH = 2048;

export interface CompletedSignIn {
    user: UserRecord;
    /** Where the person wanted to go. */
    next: string;
    /** Kept with the gateway session for the provider's logout. */
    idToken?: string;
}

/**
 * Single sign-on with OpenID Connect (openid-client): the Authorization Code flow with PKCE,
 * state and nonce. What is trusted is the ID token the configured issuer signed (its signature is
 * checked against the issuer's keys, as are iss, aud, exp and nonce), and the issuer's userinfo.
 */
export class OidcSignIn {
    readonly issuer: OidcIssuer;
    private readonly pending = new PendingSignIns();
    private readonly accounts: OidcAccounts;

    constructor(readonly settings: OidcConfig, store: Store, events: AccessEvents, private readonly log: Logger) {
        this.issuer = new OidcIssuer(settings, log);
        this.accounts = new OidcAccounts(store, events, settings, log);
    }

    get displayName(): string {
        return this.settings.displayName;
    }

    status(): IssuerStatus {
        return this.issuer.status();
    }

    /** The provider's authorization URL for a new sign-in by `browser` (its binding), coming back to `redirectUri`. */
    async begin(redirectUri: string, next: string, browser: string): Promise<URL> {
        if (redirectUri.length > MAX_KEPT_URL_LENGTH) {
            throw new OidcSignInRefused(400, 'The address this gateway was reached at is too long to sign in from.', 'long redirect uri');
        }
        const configuration = await this.issuer.get();
        const codeVerifier = client.randomPKCECodeVerifier();
        const state = client.randomState();
        const nonce = client.randomNonce();
        const kept = { state, nonce, codeVerifier, redirectUri, next: next.length <= MAX_KEPT_URL_LENGTH ? next : '/', browser };
        if (!this.pending.add(kept)) {
            throw new OidcSignInRefused(503, 'Too many sign-ins are under way. Try again in a minute.', 'too many pending');
        }
        return client.buildAuthorizationUrl(configuration, {
            redirect_uri: redirectUri,
            scope: this.settings.scopes,
            response_type: 'code',
            code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
            code_challenge_method: 'S256',
            state,
            nonce
        });
    }

    /** Completes the sign-in the provider sent back (`query`: the callback's query string). Rejects with OidcSignInRefused. */
    async complete(query: URLSearchParams, browser: string | undefined): Promise<CompletedSignIn> {
        const state = query.get('state');
        const pending = state && state.length <= MAX_STATE_LENGTH ? this.pending.take(state) : undefined;
        if (!pending) {
            throw new OidcSignInRefused(400, 'This sign-in answer matches no sign-in under way: it was used already, was altered, or is older than 10 minutes.', 'unknown state');
        }
        if (pending.browser !== browser) {
            throw new OidcSignInRefused(400, 'This sign-in was started in another browser (or its cookies were cleared meanwhile).', 'other browser');
        }
        const configuration = await this.issuer.get();
        const callbackUrl = new URL(pending.redirectUri);
        callbackUrl.search = query.toString();
        let tokens;
        try {
            tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
                pkceCodeVerifier: pending.codeVerifier,
                expectedState: pending.state,
                expectedNonce: pending.nonce,
                idTokenExpected: true
            });
        } catch (error) {
            throw this.refusal(error);
        }
        const idClaims = tokens.claims();
        if (!idClaims) {
            throw new OidcSignInRefused(400, 'The identity provider sent no ID token.', 'no id token');
        }
        const claims = { ...await this.userInfo(configuration, tokens.access_token, idClaims.sub), ...idClaims };
        const user = await this.accounts.signIn(readIdentity(claims, configuration.serverMetadata().issuer, this.settings));
        const idToken = tokens.id_token && tokens.id_token.length <= MAX_KEPT_ID_TOKEN ? tokens.id_token : undefined;
        return { user, next: pending.next, idToken };
    }

    /**
     * Where to send a browser that signed out, to end its session at the provider too (RP-initiated
     * logout), when the provider has an end_session_endpoint; undefined otherwise.
     */
    logoutUrl(idToken: string, postLogoutRedirectUri: string): URL | undefined {
        const configuration = this.issuer.current();
        if (!configuration?.serverMetadata().end_session_endpoint) {
            return undefined;
        }
        return client.buildEndSessionUrl(configuration, { id_token_hint: idToken, post_logout_redirect_uri: postLogoutRedirectUri });
    }

    /** The userinfo claims (groups and email often come only there), checked to be of the same subject. */
    private async userInfo(configuration: client.Configuration, accessToken: string, subject: string): Promise<Record<string, unknown>> {
        if (!configuration.serverMetadata().userinfo_endpoint || !accessToken) {
            return {};
        }
        try {
            return await client.fetchUserInfo(configuration, accessToken, subject);
        } catch (error) {
            this.log.warn({ reason: describeProviderError(error) }, 'single sign-on: userinfo failed');
            throw new OidcSignInRefused(502, `The identity provider did not give your profile: ${describeProviderError(error)}.`, 'userinfo failed');
        }
    }

    private refusal(error: unknown): OidcSignInRefused {
        const detail = describeProviderError(error);
        if (error instanceof client.AuthorizationResponseError) {
            return new OidcSignInRefused(403, `The identity provider did not sign you in (${detail}).`, 'provider refused');
        }
        if (error instanceof client.ResponseBodyError) {
            return new OidcSignInRefused(400, `The identity provider refused the sign-in code (${detail}).`, 'token request refused');
        }
        if (error instanceof client.ClientError && ['OAUTH_TIMEOUT', 'OAUTH_ABORT'].includes(error.code ?? '') || error instanceof TypeError) {
            return new OidcSignInRefused(502, `The identity provider could not be reached (${detail}).`, 'provider unreachable');
        }
        return new OidcSignInRefused(400, `The identity provider's answer failed verification (${detail}).`, 'verification failed');
    }
}
