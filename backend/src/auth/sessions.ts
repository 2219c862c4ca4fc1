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

    async create(userId: string): Promise<{ token: string; expiresAt: Date }> {
        const token = randomBytes(32).toString('base64url');
        const expiresAt = new Date(this.now() + this.ttlMs);
        const record: SessionRecord = { tokenHash: hashToken(token), userId, createdAt: new Date(this.now()).toISOString(), expiresAt: expiresAt.toISOString() };
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

    async revoke(token: string | undefined): Promise<void> {
        if (!token) {
            return;
        }
        const hash = hashToken(token);
        await this.store.update(data => {
            data.sessions = data.sessions.filter(session => session.tokenHash !== hash);
        });
        this.events.emit('sessionEnded', hash);
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
