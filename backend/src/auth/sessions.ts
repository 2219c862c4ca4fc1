import { randomBytes } from 'node:crypto';
import { SessionRecord, UserRecord } from '../store/records.js';
import { Store } from '../store/store.js';
import { hashToken } from './token-hash.js';
import { UserService } from './users.js';


/** Cookie sessions: the browser holds a random token, the store holds only its hash and expiry. */
export class SessionService {
    constructor(private readonly store: Store, private readonly users: UserService, private readonly ttlMs: number, private readonly now = () => Date.now()) { }

    async create(userId: string): Promise<{ token: string; expiresAt: Date }> {
        const token = randomBytes(32).toString('base64url');
        const expiresAt = new Date(this.now() + this.ttlMs);
        const record: SessionRecord = { tokenHash: hashToken(token), userId, createdAt: new Date(this.now()).toISOString(), expiresAt: expiresAt.toISOString() };
        await this.store.update(data => {
            data.sessions = data.sessions.filter(session => !this.isExpired(session));
            data.sessions.push(record);
        });
        return { token, expiresAt };
    }

    /** The signed-in user for a cookie value, or undefined when unknown, expired or disabled. */
    resolve(token: string | undefined): UserRecord | undefined {
        if (!token) {
            return undefined;
        }
        const hash = hashToken(token);
        const session = this.store.data.sessions.find(candidate => candidate.tokenHash === hash);
        if (!session || this.isExpired(session)) {
            return undefined;
        }
        const user = this.users.find(session.userId);
        return user && !user.disabled ? user : undefined;
    }

    async revoke(token: string | undefined): Promise<void> {
        if (!token) {
            return;
        }
        const hash = hashToken(token);
        await this.store.update(data => {
            data.sessions = data.sessions.filter(session => session.tokenHash !== hash);
        });
    }

    private isExpired(session: SessionRecord): boolean {
        return Date.parse(session.expiresAt) <= this.now();
    }
}
