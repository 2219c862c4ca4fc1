import { randomBytes, randomUUID } from 'node:crypto';
import { AccessEvents } from '../auth/access-events.js';
import { hashToken } from '../auth/token-hash.js';
import { UserService } from '../auth/users.js';
import { invalid, notFound } from '../errors/domain-error.js';
import { ApiTokenRecord, UserRecord } from '../store/records.js';
import { Store } from '../store/store.js';

export const TOKEN_PREFIX = 'ide_pat_';
const MAX_TOKENS_PER_USER = 50;
const LAST_USED_RESOLUTION_MS = 60_000;


export interface TokenRequest {
    name: unknown;
    workspaceId?: unknown;
    readOnly?: unknown;
    expiresInDays?: unknown;
}

export type TokenView = Omit<ApiTokenRecord, 'tokenHash' | 'userId'>;

export type TokenCheck =
    | { ok: true; token: ApiTokenRecord; user: UserRecord }
    | { ok: false; reason: string };

/** Personal API tokens: created by a user for agents, scoped to one workspace or all of the user's, optionally read-only. */
export class ApiTokenService {
    constructor(private readonly store: Store, private readonly users: UserService, private readonly events: AccessEvents, private readonly now = () => Date.now()) { }

    list(user: UserRecord): TokenView[] {
        return this.store.data.apiTokens.filter(token => token.userId === user.id).map(toView);
    }

    /** Returns the secret once; only its hash is stored. */
    async create(user: UserRecord, request: TokenRequest, ownsWorkspace: (workspaceId: string) => boolean): Promise<{ secret: string; token: TokenView }> {
        const name = typeof request.name === 'string' ? request.name.trim() : '';
        if (!/^[\w .@-]{1,64}$/.test(name)) {
            throw invalid('token name must be 1-64 characters: letters, digits, space, ".", "_", "@" or "-"');
        }
        const workspaceId = request.workspaceId === undefined || request.workspaceId === '' ? undefined : String(request.workspaceId);
        if (workspaceId !== undefined && !ownsWorkspace(workspaceId)) {
            throw invalid('workspaceId must be one of your workspaces, or empty for all of them');
        }
        const days = request.expiresInDays === undefined || request.expiresInDays === '' ? undefined : Number(request.expiresInDays);
        if (days !== undefined && !(Number.isFinite(days) && days > 0 && days <= 366)) {
            throw invalid('expiresInDays must be a number of days from 1 to 366, or empty for no expiry');
        }
        const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
        const record: ApiTokenRecord = {
            id: randomUUID(),
            userId: user.id,
            name,
            tokenHash: hashToken(secret),
            hint: secret.slice(0, TOKEN_PREFIX.length + 4),
            workspaceId,
            readOnly: request.readOnly === true || request.readOnly === 'on' || request.readOnly === 'true',
            createdAt: new Date(this.now()).toISOString(),
            expiresAt: days === undefined ? undefined : new Date(this.now() + days * 86_400_000).toISOString()
        };
        await this.store.update(data => {
            if (data.apiTokens.filter(token => token.userId === user.id).length >= MAX_TOKENS_PER_USER) {
                throw invalid(`you have ${MAX_TOKENS_PER_USER} tokens; revoke one first`);
            }
            data.apiTokens.push(record);
        });
        return { secret, token: toView(record) };
    }

    async revoke(user: UserRecord, tokenId: string): Promise<void> {
        await this.store.update(data => {
            const index = data.apiTokens.findIndex(token => token.id === tokenId && token.userId === user.id);
            if (index < 0) {
                throw notFound('token');
            }
            data.apiTokens.splice(index, 1);
        });
        this.events.emit('tokenRevoked', tokenId);
    }

    /** Revokes the tokens limited to a workspace that is being deleted. */
    async revokeForWorkspace(workspaceId: string): Promise<void> {
        const revoked = await this.store.update(data => {
            const gone = data.apiTokens.filter(token => token.workspaceId === workspaceId).map(token => token.id);
            data.apiTokens = data.apiTokens.filter(token => token.workspaceId !== workspaceId);
            return gone;
        });
        revoked.forEach(tokenId => this.events.emit('tokenRevoked', tokenId));
    }

    /** Checks an `Authorization` header value; says why it was refused, without revealing which tokens exist. */
    authenticate(authorization: string | undefined): TokenCheck {
        const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
        if (!match) {
            return { ok: false, reason: 'an API token is required: Authorization: Bearer <token>' };
        }
        const hash = hashToken(match[1]);
        const token = this.store.data.apiTokens.find(candidate => candidate.tokenHash === hash);
        if (!token) {
            return { ok: false, reason: 'the token is not valid (unknown or revoked)' };
        }
        if (token.expiresAt && Date.parse(token.expiresAt) <= this.now()) {
            return { ok: false, reason: 'the token has expired' };
        }
        const user = this.users.find(token.userId);
        if (!user || user.disabled) {
            return { ok: false, reason: 'the token\'s user is disabled' };
        }
        this.markUsed(token);
        return { ok: true, token, user };
    }

    private markUsed(token: ApiTokenRecord): void {
        if (token.lastUsedAt && this.now() - Date.parse(token.lastUsedAt) < LAST_USED_RESOLUTION_MS) {
            return;
        }
        void this.store.update(data => {
            const record = data.apiTokens.find(candidate => candidate.id === token.id);
            if (record) {
                record.lastUsedAt = new Date(this.now()).toISOString();
            }
        }).catch(() => undefined);
    }
}

function toView({ tokenHash: _hash, userId: _user, ...view }: ApiTokenRecord): TokenView {
    return view;
}
