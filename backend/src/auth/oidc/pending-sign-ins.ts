/** A sign-in sent to the identity provider and not back yet. */
export interface PendingSignIn {
    state: string;
    nonce: string;
    codeVerifier: string;
    /** Exactly as sent in the authorization request; the token request repeats it. */
    redirectUri: string;
    /** Where to go once signed in (a same-site path). */
    next: string;
    /** The browser that started it (its binding cookie): the answer must come back to the same one. */
    browser: string;
}

export const PENDING_SIGN_IN_TTL_MS = 10 * 60_000;
const MAX_PENDING = 10_000;

/**
 * Sign-ins under way, in memory, by their `state`: each is taken once (a replayed or altered
 * answer finds nothing), lives 10 minutes, and there are at most 10 000 (then new ones wait).
 * A gateway restart forgets them: those people sign in again.
 */
export class PendingSignIns {
    private readonly byState = new Map<string, PendingSignIn & { expiresAt: number }>();

    constructor(private readonly now = () => Date.now(), private readonly maxPending = MAX_PENDING) { }

    /** False when too many are under way. */
    add(pending: PendingSignIn): boolean {
        this.dropExpired();
        if (this.byState.size >= this.maxPending) {
            return false;
        }
        this.byState.set(pending.state, { ...pending, expiresAt: this.now() + PENDING_SIGN_IN_TTL_MS });
        return true;
    }

    /** Removes and returns the sign-in started with `state`, unless unknown or expired. */
    take(state: string): PendingSignIn | undefined {
        const pending = this.byState.get(state);
        this.byState.delete(state);
        return pending && pending.expiresAt > this.now() ? pending : undefined;
    }

    get size(): number {
        return this.byState.size;
    }

    /** Entries expire in the order they were added, so the oldest are at the front. */
    private dropExpired(): void {
        for (const [state, pending] of this.byState) {
            if (pending.expiresAt > this.now()) {
                break;
            }
            this.byState.delete(state);
        }
    }
}
