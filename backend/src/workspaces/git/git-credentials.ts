import { randomUUID } from 'node:crypto';
import { invalid, notFound } from '../../errors/domain-error.js';
import { SecretBox } from '../../secrets/secret-box.js';
import { GitCredentialRecord, UserRecord } from '../../store/records.js';
import { Store } from '../../store/store.js';

const MAX_PER_USER = 20;
const HOST = /^(?=.{1,253}(:\d{1,5})?$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;
const USERNAME = /^[\w.@+-]{1,100}$/;
const MAX_TOKEN_LENGTH = 1024;

export type GitCredentialView = Omit<GitCredentialRecord, 'sealedToken' | 'userId'>;

/**
 * The tokens users store for cloning private repositories, one per user and host. A token is
 * sealed at rest, bound to its owner and host, never shown again, and handed only to the git that
 * clones that user's workspace from that host.
 */
export class GitCredentials {
    constructor(private readonly store: Store, private readonly box: SecretBox) { }

    list(user: UserRecord): GitCredentialView[] {
        return this.store.data.gitCredentials.filter(record => record.userId === user.id)
            .map(({ sealedToken: _sealed, userId: _user, ...view }) => view);
    }

    /** Stores (or replaces) the user's token for a host. */
    async save(user: UserRecord, input: { host?: unknown; username?: unknown; token?: unknown }): Promise<GitCredentialView> {
        const host = typeof input.host === 'string' ? input.host.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '') : '';
        if (!HOST.test(host)) {
            throw invalid('host must be a Git server\'s name, e.g. github.com or git.example.com:8443');
        }
        const username = typeof input.username === 'string' && input.username.trim() !== '' ? input.username.trim() : 'git';
        if (!USERNAME.test(username)) {
            throw invalid('username must be 1-100 letters, digits or ._@+-');
        }
        if (typeof input.token !== 'string' || input.token.trim() === '' || input.token.length > MAX_TOKEN_LENGTH || /[\r\n\0]/.test(input.token)) {
            throw invalid(`token must be the access token your Git host gave you (at most ${MAX_TOKEN_LENGTH} characters, one line)`);
        }
        const record: GitCredentialRecord = {
            id: randomUUID(),
            userId: user.id,
            host,
            username,
            sealedToken: this.box.seal(input.token.trim(), context(user.id, host)),
            createdAt: new Date().toISOString()
        };
        await this.store.update(data => {
            const others = data.gitCredentials.filter(candidate => !(candidate.userId === user.id && candidate.host === host));
            if (others.filter(candidate => candidate.userId === user.id).length >= MAX_PER_USER) {
                throw invalid(`you can store tokens for at most ${MAX_PER_USER} hosts; delete one first`);
            }
            data.gitCredentials = [...others, record];
        });
        return this.list(user).find(view => view.id === record.id)!;
    }

    async remove(user: UserRecord, id: string): Promise<GitCredentialView> {
        const found = this.list(user).find(view => view.id === id);
        if (!found) {
            throw notFound('Git credential');
        }
        await this.store.update(data => {
            data.gitCredentials = data.gitCredentials.filter(candidate => !(candidate.userId === user.id && candidate.id === id));
        });
        return found;
    }

    /** The user's token for `host`, if they stored one; marks it used. */
    async use(userId: string, host: string): Promise<{ username: string; token: string } | undefined> {
        const record = this.store.data.gitCredentials.find(candidate => candidate.userId === userId && candidate.host === host);
        const token = record && this.box.unseal(record.sealedToken, context(userId, host));
        if (!record || token === undefined) {
            return undefined;
        }
        await this.store.update(data => {
            const stored = data.gitCredentials.find(candidate => candidate.id === record.id);
            if (stored) {
                stored.lastUsedAt = new Date().toISOString();
            }
        });
        return { username: record.username, token };
    }

    async forgetUser(userId: string): Promise<void> {
        await this.store.update(data => {
            data.gitCredentials = data.gitCredentials.filter(candidate => candidate.userId !== userId);
        });
    }
}

const context = (userId: string, host: string): string => `git-credential:${userId}:${host}`;
