import { randomUUID } from 'node:crypto';
import { conflict, invalid, notFound } from '../errors/domain-error.js';
import { UserRecord } from '../store/records.js';
import { Store } from '../store/store.js';
import { z } from 'zod';
import { AccessEvents } from './access-events.js';
import { groupNameSchema } from './group-name.js';
import { hashPassword, passwordProblem, UNMATCHABLE_HASH, verifyPassword } from './passwords.js';
import { announceAccessEnded, removeUserAccess } from './user-access.js';
import { normalizeUsername, USERNAME_RULE } from './username.js';

const quotaLimit = z.number().int().min(0).max(1000);
const userChangesSchema = z.strictObject({
    disabled: z.boolean().optional(),
    isAdmin: z.boolean().optional(),
    password: z.string().optional(),
    quota: z.strictObject({ maxWorkspaces: quotaLimit.optional(), maxRunningSandboxes: quotaLimit.optional() }).optional(),
    groups: z.array(groupNameSchema).max(20).optional()
});

export class UserService {
    constructor(private readonly store: Store, private readonly events: AccessEvents) { }

    find(id: string): UserRecord | undefined {
        return this.store.data.users.find(user => user.id === id);
    }

    /** The account of a name in any of its spellings (see normalizeUsername). */
    findByName(username: string): UserRecord | undefined {
        const name = normalizeUsername(username);
        return name === undefined ? undefined : this.store.data.users.find(user => user.username === name);
    }

    list(): UserRecord[] {
        return [...this.store.data.users];
    }

    /** The name is stored normalised: " Alice " and "ＡＬＩＣＥ" create "alice". */
    async create(rawUsername: string, password: string, isAdmin = false): Promise<UserRecord> {
        const username = normalizeUsername(rawUsername);
        if (username === undefined) {
            throw invalid(USERNAME_RULE);
        }
        const problem = passwordProblem(password);
        if (problem) {
            throw invalid(problem);
        }
        const passwordHash = await hashPassword(password);
        return this.store.update(data => {
            if (data.users.some(user => user.username === username)) {
                throw conflict(`user "${username}" already exists`);
            }
            const user: UserRecord = { id: randomUUID(), username, passwordHash, isAdmin, disabled: false, createdAt: new Date().toISOString() };
            data.users.push(user);
            return user;
        });
    }

    /**
     * An admin's changes to an account. An admin cannot disable or demote themselves, so there is
     * always one left. Disabling or a new password ends the user's sessions and connections at
     * once; disabling also revokes their API tokens (enabling again does not bring them back).
     */
    async update(actor: UserRecord, userId: string, body: unknown): Promise<UserRecord> {
        const parsed = userChangesSchema.safeParse(body);
        if (!parsed.success) {
            throw invalid(parsed.error.issues.map(issue => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
        }
        const changes = parsed.data;
        if (userId === actor.id && (changes.disabled === true || changes.isAdmin === false)) {
            throw conflict('you cannot disable or demote your own account; another admin can');
        }
        if (changes.password !== undefined) {
            const problem = passwordProblem(changes.password);
            if (problem) {
                throw invalid(problem);
            }
        }
        const target = this.find(userId);
        if (!target) {
            throw notFound('user');
        }
        if (target.oidc && (changes.password !== undefined || changes.groups !== undefined)) {
            throw invalid(`${target.username} signs in with single sign-on: ${changes.password !== undefined ? 'an OIDC user has no password here, so none can be set' : 'their groups come from the identity provider at every sign-in'}`);
        }
        const passwordHash = changes.password === undefined ? undefined : await hashPassword(changes.password);
        const updated = await this.store.update(data => {
            const user = data.users.find(candidate => candidate.id === userId);
            if (!user) {
                throw notFound('user');
            }
            const disabling = changes.disabled === true && !user.disabled;
            user.disabled = changes.disabled ?? user.disabled;
            user.isAdmin = changes.isAdmin ?? user.isAdmin;
            if (changes.quota) {
                user.quota = { ...user.quota, ...changes.quota };
            }
            if (changes.groups) {
                user.groups = [...new Set(changes.groups)];
            }
            if (passwordHash) {
                user.passwordHash = passwordHash;
            }
            const locked = Boolean(passwordHash) || user.disabled;
            const revokedTokens = locked ? removeUserAccess(data, user.id, disabling) : [];
            return { user: { ...user }, locked, revokedTokens };
        });
        if (updated.locked) {
            announceAccessEnded(this.events, updated.user.id, updated.revokedTokens);
        }
        return updated.user;
    }

    /**
     * The user when name and password match an enabled account; undefined otherwise. Known and
     * unknown names cost one hash each, so timing does not reveal which exist; input that cannot be
     * a username or a password is refused without one. Rejects with PasswordHashingBusy when the
     * hashing queue is full.
     */
    async authenticate(username: unknown, password: unknown): Promise<UserRecord | undefined> {
        const name = normalizeUsername(username);
        if (name === undefined || typeof password !== 'string' || password === '') {
            return undefined;
        }
        const user = this.findByName(name);
        const ok = await verifyPassword(password, user?.passwordHash ?? UNMATCHABLE_HASH);
        return ok && user && !user.disabled && !user.oidc ? user : undefined;
    }

    async recordSignIn(userId: string): Promise<void> {
        await this.store.update(data => {
            const user = data.users.find(candidate => candidate.id === userId);
            if (user) {
                user.lastSignInAt = new Date().toISOString();
            }
        });
    }
}
