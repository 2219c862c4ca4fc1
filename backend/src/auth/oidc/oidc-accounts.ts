import { randomUUID } from 'node:crypto';
import { OidcConfig } from '../../config/oidc-config.js';
import { Logger } from '../../log.js';
import { UserRecord } from '../../store/records.js';
import { Store } from '../../store/store.js';
import { AccessEvents } from '../access-events.js';
import { UNMATCHABLE_HASH } from '../passwords.js';
import { announceAccessEnded, removeUserAccess } from '../user-access.js';
import { OidcSignInRefused } from './oidc-errors.js';
import { OidcIdentity, policyRefusal, unusableNameMessage } from './oidc-identity.js';

type Outcome = { user: UserRecord } | { refused: OidcSignInRefused; endedAccessOf?: string; revokedTokens?: string[] };

/**
 * Accounts of single sign-on, keyed by (issuer, subject). The first sign-in creates the account
 * under the username claim; a name already taken (by a local account or another identity) is
 * refused, never merged. Every sign-in refreshes the groups (and admin, with IDE_OIDC_ADMIN_GROUP)
 * from the provider; one the allow-lists now refuse ends that user's sessions, connections and tokens.
 */
export class OidcAccounts {
    constructor(private readonly store: Store, private readonly events: AccessEvents, private readonly settings: OidcConfig, private readonly log: Logger) { }

    /** The account to sign in; rejects with OidcSignInRefused. */
    async signIn(identity: OidcIdentity): Promise<UserRecord> {
        const refusal = policyRefusal(identity, this.settings);
        const outcome = await this.store.update((data): Outcome => {
            const known = data.users.find(user => user.oidc?.issuer === identity.issuer && user.oidc.subject === identity.subject);
            if (known) {
                this.refresh(known, identity);
                if (refusal) {
                    return { refused: new OidcSignInRefused(403, refusal, 'not allowed'), endedAccessOf: known.id, revokedTokens: removeUserAccess(data, known.id, true) };
                }
                if (known.disabled) {
                    return { refused: new OidcSignInRefused(403, `The account ${known.username} is disabled here. Ask an admin.`, 'disabled') };
                }
                known.lastSignInAt = new Date().toISOString();
                return { user: { ...known } };
            }
            if (refusal) {
                return { refused: new OidcSignInRefused(403, refusal, 'not allowed') };
            }
            const username = identity.username;
            if (username === undefined) {
                return { refused: new OidcSignInRefused(403, unusableNameMessage(identity, this.settings.usernameClaim), 'unusable username') };
            }
            const holder = data.users.find(user => user.username === username);
            if (holder) {
                const whose = holder.oidc ? 'another single sign-on identity' : 'a local account';
                return { refused: new OidcSignInRefused(409, `The username ${username} is taken here by ${whose}; it is not merged with your identity at the provider. Ask an admin.`, 'username taken') };
            }
            const user: UserRecord = {
                id: randomUUID(), username, passwordHash: UNMATCHABLE_HASH, isAdmin: false, disabled: false, createdAt: new Date().toISOString(),
                oidc: { issuer: identity.issuer, subject: identity.subject }, lastSignInAt: new Date().toISOString()
            };
            this.refresh(user, identity);
            data.users.push(user);
            return { user: { ...user } };
        });
        if ('user' in outcome) {
            return outcome.user;
        }
        if (outcome.endedAccessOf) {
            announceAccessEnded(this.events, outcome.endedAccessOf, outcome.revokedTokens ?? []);
            this.log.info({ userId: outcome.endedAccessOf }, 'single sign-on refused a known user: their sessions, connections and tokens ended');
        }
        throw outcome.refused;
    }

    /** What the provider decides, refreshed at every sign-in, allowed or not. */
    private refresh(user: UserRecord, identity: OidcIdentity): void {
        user.groups = identity.groups;
        if (this.settings.adminGroup) {
            user.isAdmin = identity.groups.includes(this.settings.adminGroup);
        }
    }
}
