import { isPreviewPort } from '@ide/sandbox-contract';
import { HttpError } from '../http/http-error.js';

/** A path of the gateway's origin that belongs to a workspace: `/w/<id>/…`, or a port's preview `/w/<id>/port/<port>/…`. */
export interface WorkspacePathRoute {
    workspaceId: string;
    port?: number;
    /** The path inside the IDE (or the port's server), with its query: `/w/abc/x?y` gives `/x?y`; '' when there is not even a slash. */
    innerPath: string;
}

const WORKSPACE_PATH = /^\/w\/([^/?#]*)(\/[^#]*)?$/;
const PORT_PATH = /^\/port\/(\d{1,5})(\/[^#]*)?$/;

/** `/w/<id>/…`; the id is matched as written (ids have one exact shape, so no decoding is needed or done). */
export function matchWorkspacePath(url: string): WorkspacePathRoute | undefined {
    const match = WORKSPACE_PATH.exec(url);
    if (!match) {
        return undefined;
    }
    const innerPath = match[2] ?? '';
    const preview = PORT_PATH.exec(innerPath);
    if (preview && isPreviewPort(Number(preview[1]))) {
        return { workspaceId: match[1], port: Number(preview[1]), innerPath: preview[2] ?? '' };
    }
    return { workspaceId: match[1], innerPath };
}

/** `<port>/<rest>` after a prefix such as PORT_PREVIEW_PREFIX; undefined when it names no preview port. */
export function matchPortPath(rest: string): { port: number; innerPath: string } | undefined {
    const match = /^(\d{1,5})(\/[^#]*)?$/.exec(rest);
    return match && isPreviewPort(Number(match[1])) ? { port: Number(match[1]), innerPath: match[2] ?? '/' } : undefined;
}

/** The request target as a path: an absolute-form target (`http://host/x`) is reduced to its path. */
export function pathAndQuery(url: string | undefined): string {
    const target = url ?? '/';
    if (target.startsWith('/')) {
        return target;
    }
    try {
        const parsed = new URL(target);
        return parsed.pathname + parsed.search;
    } catch {
        throw new HttpError(400, 'malformed request target');
    }
}
