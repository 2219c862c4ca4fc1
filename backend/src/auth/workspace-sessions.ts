import { randomBytes } from 'node:crypto';
import { UserRecord, WorkspaceSessionRecord } from '../store/records.js';
import { Store } from '../store/store.js';
import { AccessEvents } from './access-events.js';
import { SessionService } from './sessions.js';
import { hashToken } from './token-hash.js';

const TICKET_TTL_MS = 60_000;
const MAX_TICKETS_PER_SESSION = 20;

interface Ticket {
    userId: string;
    workspaceId: string;
    /** A port preview's origin, or undefined for the workspace's IDE. */
    port?: number;
    parentHash: string;
    dashboardOrigin: string;
    expiresAt: number;
}

export interface WorkspaceAccess {
    user: UserRecord;
    session: WorkspaceSessionRecord;
}

/**
 * Sessions on workspaces' own origins. The gateway's session cookie never goes there: the gateway
 * hands a signed-in owner a one-use ticket (valid a minute, kept only in memory, as a hash) and the
 * workspace origin trades it for a cookie of its own. That cookie reaches one workspace only and
 * lives no longer than the gateway session it came from.
 */
export class WorkspaceSessions {
    private readonly tickets = new Map<string, Ticket>();

    constructor(private readonly store: Store, private readonly sessions: SessionService, events: AccessEvents, private readonly now = () => Date.now()) {
        events.on('sessionEnded', parentHash => void this.removeWhere(session => session.parentHash === parentHash));
        events.on('userLocked', userId => void this.removeWhere(session => session.userId === userId));
    }

    /** A ticket for the user's browser to carry to the workspace's origin, or to a port preview's (the caller checked access). */
    issueTicket(user: UserRecord, parentHash: string, workspaceId: string, dashboardOrigin: string, port?: number): string {
        this.dropExpiredTickets();
        const outstanding = [...this.tickets.values()].filter(ticket => ticket.parentHash === parentHash).length;
        if (outstanding >= MAX_TICKETS_PER_SESSION) {
            for (const [hash, ticket] of this.tickets) {
                if (ticket.parentHash === parentHash) {
                    this.tickets.delete(hash);
                    break;
                }
            }
        }
        const ticket = randomBytes(32).toString('base64url');
        this.tickets.set(hashToken(ticket), { userId: user.id, workspaceId, port, parentHash, dashboardOrigin, expiresAt: this.now() + TICKET_TTL_MS });
        return ticket;
    }

    /** Trades a ticket for a session on the origin it was made for; undefined when it is unknown, used, expired or for another origin. */
    async redeem(ticket: string, workspaceId: string, port?: number): Promise<{ token: string; expiresAt: Date; user: UserRecord } | undefined> {
        const hash = hashToken(ticket);
        const found = this.tickets.get(hash);
        this.tickets.delete(hash);
        if (!found || found.expiresAt <= this.now() || found.workspaceId !== workspaceId || found.port !== port) {
            return undefined;
        }
        const parent = this.sessions.resolveHash(found.parentHash);
        if (!parent || parent.user.id !== found.userId) {
            return undefined;
        }
        const token = randomBytes(32).toString('base64url');
        const record: WorkspaceSessionRecord = {
            tokenHash: hashToken(token),
            userId: found.userId,
            workspaceId,
            ...(port === undefined ? {} : { port }),
            parentHash: found.parentHash,
            dashboardOrigin: found.dashboardOrigin,
            createdAt: new Date(this.now()).toISOString(),
            expiresAt: parent.session.expiresAt
        };
        await this.store.update(data => {
            data.workspaceSessions = data.workspaceSessions.filter(session => Date.parse(session.expiresAt) > this.now());
            data.workspaceSessions.push(record);
        });
        return { token, expiresAt: new Date(record.expiresAt), user: parent.user };
    }

    /** The user behind a workspace origin's (or a port preview's) cookie, while it and its gateway session are alive. */
    resolve(token: string | undefined, workspaceId: string, port?: number): WorkspaceAccess | undefined {
        if (!token) {
            return undefined;
        }
        const hash = hashToken(token);
        const session = this.store.data.workspaceSessions.find(candidate => candidate.tokenHash === hash);
        if (!session || session.workspaceId !== workspaceId || session.port !== port || Date.parse(session.expiresAt) <= this.now()) {
            return undefined;
        }
        const parent = this.sessions.resolveHash(session.parentHash);
        return parent && parent.user.id === session.userId ? { user: parent.user, session } : undefined;
    }

    async revoke(token: string | undefined): Promise<void> {
        if (token) {
            const hash = hashToken(token);
            await this.removeWhere(session => session.tokenHash === hash);
        }
    }

    private async removeWhere(match: (session: WorkspaceSessionRecord) => boolean): Promise<void> {
        for (const [hash, ticket] of this.tickets) {
            if (match({ ...ticket, tokenHash: '', createdAt: '', expiresAt: '' } as WorkspaceSessionRecord)) {
                this.tickets.delete(hash);
            }
        }
        if (this.store.data.workspaceSessions.some(match)) {
            await this.store.update(data => {
                data.workspaceSessions = data.workspaceSessions.filter(session => !match(session));
            });
        }
    }

    private dropExpiredTickets(): void {
        for (const [hash, ticket] of this.tickets) {
            if (ticket.expiresAt <= this.now()) {
                this.tickets.delete(hash);
            }
        }
    }
}
