import { createHash } from 'node:crypto';

/** What the store keeps of a bearer secret (session cookie, API token): a leaked store leaks no live secret. */
export const hashToken = (value: string): string => createHash('sha256').update(value).digest('hex');
