import { randomBytes } from 'node:crypto';
import { SessionRecord, UserRecord } from '../store/records.js';
import { Store } from '../store/store.js';
import { AccessEvents } from './access-events.js';
import { hashToken } from './token-hash.js';
import { UserService } from './users.js';

const SWEEP_EVERY_MS = 10_000;

/**
 * Cookie sessions: the browser holds a random token, the store holds only its hash and expiry.
 * Every session that ends (sign-out, expiry) is announced, so what was opened under it closes.
 */
export class SessionService {
    private readonly sweeper: NodeJS.Timeout;

    constructor(
        private readonly store: Store,
        private readonly users: UserService,
        private readonly ttlMs: number,
        private readonly events: AccessEvents,
        private readonly now = () => Date.now()
    ) {
        this.sweeper = setInterval(() => void this.sweepExpired(), SWEEP_EVERY_MS).unref();
    }

    close(): void {
        clearInterval(this.sweeper);
    }

    /** Lives the configured time, whoever vouched for the user (an identity provider's token lifetimes do not extend it). */
    async create(userId: string, extras: Pick<SessionRecord, 'oidcIdToken'> = {}): Promise<{ token: string; expiresAt: Date }> {
        const token = randomBytes(32).toString('base64url');
        const createdAt = this.now();
        const expiresAt = new Date(createdAt + this.ttlMs);
        const record: SessionRecord = { tokenHash: hashToken(token), userId, createdAt: new Date(createdAt).toISOString(), expiresAt: expiresAt.toISOString(), ...extras };
        await this.store.update(data => {
            data.sessions.push(record);
        });
        return { token, expiresAt };
    }

    /** The signed-in user for a cookie value, or undefined when unknown, expired or disabled. */
    resolve(token: string | undefined): UserRecord | undefined {
        return token ? this.resolveHash(hashToken(token))?.user : undefined;
    }

    /** A live session by its hash, with its user (enabled). */
    resolveHash(hash: string): { session: SessionRecord; user: UserRecord } | undefined {
        const session = this.store.data.sessions.find(candidate => candidate.tokenHash === hash);
        if (!session || this.isExpired(session)) {
            return undefined;
        }
        const user = this.users.find(session.userId);
        return user && !user.disabled ? { session, user } : undefined;
    }

    /** Ends the session; returns what it was, when it was live (sign-out may continue at its identity provider). */
    async revoke(token: string | undefined): Promise<SessionRecord | undefined> {
        if (!token) {
            return undefined;
        }
        const hash = hashToken(token);
        const ended = await this.store.update(data => {
            const session = data.sessions.find(candidate => candidate.tokenHash === hash);
            data.sessions = data.sessions.filter(candidate => candidate.tokenHash !== hash);
            return session;
        });
        this.events.emit('sessionEnded', hash);
        return ended && !this.isExpired(ended) ? ended : undefined;
    }

    /** Removes expired sessions and says so, so that their connections end on time, not at the next request. */
    async sweepExpired(): Promise<void> {
        if (!this.store.data.sessions.some(session => this.isExpired(session))) {
            return;
        }
        const expired = await this.store.update(data => {
            const gone = data.sessions.filter(session => this.isExpired(session));
            data.sessions = data.sessions.filter(session => !this.isExpired(session));
            return gone;
        });
        expired.forEach(session => this.events.emit('sessionEnded', session.tokenHash));
    }

    private isExpired(session: SessionRecord): boolean {
        return Date.parse(session.expiresAt) <= this.now();
    }
}
