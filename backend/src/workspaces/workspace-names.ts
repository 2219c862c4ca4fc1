import { randomBytes } from 'node:crypto';

/** Display names: letters, digits, space, dot, dash, underscore; no path separators, no leading dot. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}$/;
const ID_PATTERN = /^[a-z0-9]{12}$/;

export function workspaceNameProblem(name: unknown): string | undefined {
    if (typeof name !== 'string' || name.trim() === '') {
        return 'workspace name is required';
    }
    if (name.includes('/') || name.includes('\\') || name.includes('..')) {
        return 'workspace name must not contain "/", "\\" or ".."';
    }
    if (!NAME_PATTERN.test(name)) {
        return 'workspace name must be 1-63 characters: letters, digits, space, ".", "_" or "-", starting with a letter or digit';
    }
    return undefined;
}

/** Workspace ids appear in URLs, container and volume names: only this exact shape is accepted. */
export function isWorkspaceId(value: string): boolean {
    return ID_PATTERN.test(value);
}

export function newWorkspaceId(): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    return Array.from(randomBytes(12), byte => alphabet[byte % alphabet.length]).join('');
}
