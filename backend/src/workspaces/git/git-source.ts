import { invalid } from '../../errors/domain-error.js';

/** A repository a workspace starts from, as the user gave it (checked). */
export interface GitSource {
    url: URL;
    /** `host` or `host:port`, lower-case: what credentials are stored for. */
    host: string;
    branch?: string;
}

const MAX_URL_LENGTH = 2048;
// git check-ref-format's rules, narrowed: no leading dash (never an option), no "..", "//", "@{", control or glob characters.
const BRANCH = /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*@\{)(?!.*\.lock(\/|$))[A-Za-z0-9._\/+-]{1,200}(?<![./])$/;

/** The Git URL and branch of a create form or API call; undefined when no URL was given. Throws a clear 400 otherwise. */
export function parseGitSource(rawUrl: unknown, rawBranch: unknown): GitSource | undefined {
    if (rawUrl === undefined || rawUrl === null || rawUrl === '') {
        if (rawBranch !== undefined && rawBranch !== null && rawBranch !== '') {
            throw invalid('a branch needs a Git repository URL');
        }
        return undefined;
    }
    if (typeof rawUrl !== 'string' || rawUrl.length > MAX_URL_LENGTH) {
        throw invalid(`a Git repository URL is text of at most ${MAX_URL_LENGTH} characters`);
    }
    let url: URL;
    try {
        url = new URL(rawUrl.trim());
    } catch {
        throw invalid(`"${rawUrl.slice(0, 200)}" is not a URL: give the repository's https:// address, e.g. https://github.com/owner/project.git`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw invalid(`only https:// (and http://) Git URLs can be cloned, not ${url.protocol.replace(':', '')}: (use the repository's HTTPS address)`);
    }
    if (url.username || url.password) {
        throw invalid('put no credentials in the URL: store a token for this host under Git credentials on the dashboard instead');
    }
    if (url.search || url.hash) {
        throw invalid('a Git repository URL has no query or fragment');
    }
    const branch = rawBranch === undefined || rawBranch === null || rawBranch === '' ? undefined : rawBranch;
    if (branch !== undefined && (typeof branch !== 'string' || !BRANCH.test(branch))) {
        throw invalid(`"${String(branch).slice(0, 200)}" is not a branch name`);
    }
    return { url, host: url.host.toLowerCase(), branch };
}
