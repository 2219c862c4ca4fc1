import { Logger } from '../log.js';

/** Something open that acts for a user: a browser's IDE WebSocket, an agent's MCP session. */
export interface LiveConnection {
    kind: 'ide' | 'agent';
    userId: string;
    workspaceId: string;
    /** The gateway session it was opened under (a workspace origin's session counts as its parent's). */
    sessionHash?: string;
    tokenId?: string;
    end(): void;
}

export type ConnectionMatch = Partial<Pick<LiveConnection, 'kind' | 'userId' | 'workspaceId' | 'sessionHash' | 'tokenId'>>;

/** Every live connection, so that ending a session, a user, a token or a sandbox ends them at once. */
export class LiveConnections {
    private readonly live = new Set<LiveConnection>();

    constructor(private readonly log: Logger) { }

    /** Registers a connection; the returned function forgets it (call it when it closes by itself). */
    add(connection: LiveConnection): () => void {
        this.live.add(connection);
        return () => this.live.delete(connection);
    }

    /** Ends every connection that matches all the given fields; returns how many. */
    end(match: ConnectionMatch, reason: string): number {
        const ended = [...this.live].filter(connection => matches(connection, match));
        for (const connection of ended) {
            this.live.delete(connection);
            try {
                connection.end();
            } catch (error) {
                this.log.warn({ err: (error as Error).message }, 'could not end a connection');
            }
        }
        if (ended.length) {
            this.log.info({ ...match, count: ended.length, reason }, 'connections ended');
        }
        return ended.length;
    }

    count(match: ConnectionMatch = {}): number {
        return [...this.live].filter(connection => matches(connection, match)).length;
    }
}

function matches(connection: LiveConnection, match: ConnectionMatch): boolean {
    return Object.entries(match).every(([key, value]) => value === undefined || connection[key as keyof ConnectionMatch] === value);
}
