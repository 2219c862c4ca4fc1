import * as client from 'openid-client';
import { OidcConfig } from '../../config/oidc-config.js';
import { Logger } from '../../log.js';
import { describeProviderError, OidcSignInRefused } from './oidc-errors.js';

/** Each failed discovery doubles the wait before the next, from 5 s up to 5 minutes. */
const FIRST_RETRY_MS = 5_000;
const LONGEST_RETRY_MS = 5 * 60_000;
/** For discovery and every later request to the provider (token, userinfo, keys). */
const REQUEST_TIMEOUT_SECONDS = 10;

export type IssuerStatus =
    | { state: 'ready' }
    | { state: 'discovering' }
    /** `message`: why, in a sentence for the login page. */
    | { state: 'unavailable'; message: string; retryAt: Date };

/**
 * The identity provider's configuration, discovered from IDE_OIDC_ISSUER only. The gateway starts
 * whether or not the provider answers: a failure is kept with its reason (the login page shows
 * it) and discovery is tried again at the next sign-in once its backoff has passed.
 */
export class OidcIssuer {
    private configuration?: client.Configuration;
    private underway?: Promise<client.Configuration>;
    private failure?: { reason: string; attempts: number; retryAt: number };

    constructor(private readonly settings: OidcConfig, private readonly log: Logger, private readonly now = () => Date.now()) { }

    status(): IssuerStatus {
        if (this.configuration) {
            return { state: 'ready' };
        }
        if (this.failure) {
            return { state: 'unavailable', message: this.unavailableMessage(this.failure.reason), retryAt: new Date(this.failure.retryAt) };
        }
        return { state: 'discovering' };
    }

    /** Starts discovery (or a retry that is due) in the background; nothing when the backoff has not passed. */
    refresh(): void {
        this.get().catch(() => undefined);
    }

    /** The configuration, discovering it when due; rejects with a 503 OidcSignInRefused that says why it is unavailable. */
    async get(): Promise<client.Configuration> {
        if (this.configuration) {
            return this.configuration;
        }
        if (this.failure && !this.underway && this.now() < this.failure.retryAt) {
            const seconds = Math.ceil((this.failure.retryAt - this.now()) / 1000);
            throw new OidcSignInRefused(503, `${this.unavailableMessage(this.failure.reason)} It is tried again in ${seconds} s.`, 'issuer unavailable');
        }
        this.underway ??= this.discover().finally(() => {
            this.underway = undefined;
        });
        return this.underway;
    }

    /** The configuration when discovered already; undefined otherwise (never waits). */
    current(): client.Configuration | undefined {
        return this.configuration;
    }

    private async discover(): Promise<client.Configuration> {
        const { issuer, clientId, clientSecret } = this.settings;
        try {
            const execute = [client.enableNonRepudiationChecks, ...(issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [])];
            this.configuration = await client.discovery(issuer, clientId, undefined,
                clientSecret === undefined ? client.None() : client.ClientSecretBasic(clientSecret),
                { execute, timeout: REQUEST_TIMEOUT_SECONDS });
            this.failure = undefined;
            this.log.info({ issuer: issuer.href }, 'single sign-on: identity provider discovered');
            return this.configuration;
        } catch (error) {
            const attempts = (this.failure?.attempts ?? 0) + 1;
            const reason = describeProviderError(error);
            const retryInMs = Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), LONGEST_RETRY_MS);
            this.failure = { reason, attempts, retryAt: this.now() + retryInMs };
            this.log.warn({ issuer: issuer.href, reason, attempts, retryInSeconds: retryInMs / 1000 }, 'single sign-on unavailable: the identity provider\'s discovery failed');
            throw new OidcSignInRefused(503, this.unavailableMessage(reason), 'issuer unavailable');
        }
    }

    private unavailableMessage(reason: string): string {
        return `Single sign-on with ${this.settings.displayName} is unavailable: its identity provider (${this.settings.issuer.href}) could not be reached or answered wrongly (${reason}).`;
    }
}
