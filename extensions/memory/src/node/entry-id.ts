import { randomBytes } from 'crypto';
import { ENTRY_ID_PATTERN } from '../common/memory-limits';

export { ENTRY_ID_PATTERN };
const MAX_SLUG_LENGTH = 48;
const SUFFIX_LENGTH = 6;
const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `Use PostgreSQL for state!` → `use-postgresql-for-state-k3f9qz`. */
export function newEntryId(title: string, suffix: string = randomSuffix()): string {
    return `${slugOf(title)}-${suffix}`;
}

export function slugOf(title: string): string {
    const words = title.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().match(/[a-z0-9]+/g) ?? [];
    let slug = '';
    for (const word of words) {
        const next = slug ? `${slug}-${word}` : word;
        if (next.length > MAX_SLUG_LENGTH) {
            if (!slug) {
                slug = word.slice(0, MAX_SLUG_LENGTH);
            }
            break;
        }
        slug = next;
    }
    return slug || 'entry';
}

export function randomSuffix(): string {
    return [...randomBytes(SUFFIX_LENGTH)].map(byte => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]).join('');
}

export function isEntryId(id: string): boolean {
    return ENTRY_ID_PATTERN.test(id);
}
