import type { IncomingMessage } from 'node:http';
import { isPreviewPort, portHost } from '@ide/sandbox-contract';
import { isWorkspaceId } from '../workspaces/workspace-names.js';

/** Which origin a request came to: a workspace's IDE, or the preview of one of its ports. */
export interface WorkspaceHost {
    workspaceId: string;
    port?: number;
}

export interface WorkspaceOriginConfig {
    mode: 'subdomain' | 'path';
    /** Workspaces are served at `<id>.<domain>` (with the gateway's port). */
    domain: string;
    /** The gateway's public URL, when configured; otherwise each request says where it came to. */
    publicUrl?: URL;
}

/**
 * Which browser origin serves what. Each workspace's IDE has an origin of its own, so a page served
 * from inside a sandbox can never act with the gateway's cookie or on another workspace. Path mode
 * (`/w/<id>/` on the gateway's origin) is kept for setups without wildcard DNS, and is unsafe for
 * untrusted code: the README and the admin page say so.
 */
export class WorkspaceOrigins {
    constructor(private readonly config: WorkspaceOriginConfig, private readonly isSecure: (req: IncomingMessage) => boolean) { }

    get pathMode(): boolean {
        return this.config.mode === 'path';
    }

    /** The workspace (and port preview) whose origin a request came to, in subdomain mode. */
    workspaceOfRequest(req: IncomingMessage): WorkspaceHost | undefined {
        return this.pathMode ? undefined : this.parseHost(hostname(req.headers.host));
    }

    /** Whether `origin` (an Origin header) is a workspace's or a port preview's, i.e. possibly sandbox-served content. */
    isWorkspaceOrigin(origin: string): boolean {
        return this.workspaceOfOrigin(origin) !== undefined;
    }

    /** The workspace whose IDE or port preview `origin` (an Origin header) is. */
    workspaceOfOrigin(origin: string): string | undefined {
        if (this.pathMode) {
            return undefined;
        }
        try {
            return this.parseHost(new URL(origin).hostname)?.workspaceId;
        } catch {
            return undefined;
        }
    }

    /** The origin of port `port`'s preview of workspace `id`. */
    portOrigin(req: IncomingMessage, id: string, port: number): string {
        return `${this.scheme(req)}//${portHost(port, `${id}.${this.config.domain}`)}${this.portSuffix(req)}`;
    }

    private parseHost(host: string | undefined): WorkspaceHost | undefined {
        const suffix = `.${this.config.domain}`;
        if (!host?.endsWith(suffix)) {
            return undefined;
        }
        const label = host.slice(0, -suffix.length);
        const preview = /^(\d{1,5})--([a-z0-9]+)$/.exec(label);
        if (preview) {
            const port = Number(preview[1]);
            return isWorkspaceId(preview[2]) && isPreviewPort(port) ? { workspaceId: preview[2], port } : undefined;
        }
        return isWorkspaceId(label) ? { workspaceId: label } : undefined;
    }

    /** The origin of workspace `id`, for a request to the gateway or to a workspace. */
    workspaceOrigin(req: IncomingMessage, id: string): string {
        return `${this.scheme(req)}//${id}.${this.config.domain}${this.portSuffix(req)}`;
    }

    /** The gateway's origin as the browser reached it. */
    gatewayOrigin(req: IncomingMessage): string {
        return this.config.publicUrl?.origin ?? `${this.scheme(req)}//${req.headers.host ?? 'localhost'}`;
    }

    /** Where the gateway is, asked on a workspace's origin by a browser without a session there. */
    gatewayOriginFromWorkspace(req: IncomingMessage): string {
        return this.config.publicUrl?.origin ?? `${this.scheme(req)}//${this.config.domain}${this.portSuffix(req)}`;
    }

    private scheme(req: IncomingMessage): string {
        return this.config.publicUrl?.protocol ?? (this.isSecure(req) ? 'https:' : 'http:');
    }

    private portSuffix(req: IncomingMessage): string {
        if (this.config.publicUrl) {
            return this.config.publicUrl.port ? `:${this.config.publicUrl.port}` : '';
        }
        const port = /:(\d+)$/.exec(req.headers.host ?? '')?.[1];
        return port ? `:${port}` : '';
    }
}

/** The host name of a Host header, lower-cased, without its port; undefined when it is not a plain name. */
function hostname(host: string | undefined): string | undefined {
    const match = /^([a-z0-9.-]+)(:\d+)?$/i.exec(host ?? '');
    return match?.[1].toLowerCase();
}
