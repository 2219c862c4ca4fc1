import { createReadStream, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { GATEWAY_PATH_PREFIX } from '@ide/sandbox-contract';
import { z } from 'zod';
import { Logger } from '../log.js';

/** Where index.html (rewritten at build time by scripts/precompress-frontend.mjs) sends the browser for the bundle. */
export const ASSETS_PREFIX = `${GATEWAY_PATH_PREFIX}/assets/`;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

const manifestSchema = z.object({
    hash: z.string().regex(/^[0-9a-f]{16}$/),
    files: z.record(z.string(), z.object({ size: z.number(), etag: z.string(), encodings: z.array(z.enum(['br', 'gzip'])) }))
});
type AssetManifest = z.infer<typeof manifestSchema>;
type AssetFile = AssetManifest['files'][string];

const CONTENT_TYPES: Record<string, string> = {
    js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', html: 'text/html; charset=utf-8', json: 'application/json',
    map: 'application/json', wasm: 'application/wasm', svg: 'image/svg+xml', ttf: 'font/ttf', woff: 'font/woff', woff2: 'font/woff2',
    png: 'image/png', gif: 'image/gif', ico: 'image/x-icon'
};
const FILE_ENDINGS = { br: '.br', gzip: '.gz' } as const;
/** Scripts a page starts as workers: a worker must come from the page's own origin, so there it is a stub that imports the shared file. */
const WORKER = /worker\.js$/;

/**
 * The IDE's static frontend (the bundle, its style sheet, the workers), served by the gateway
 * itself from its read-only copy of the IDE runtime, never from the sandbox: the same bytes
 * every sandbox would serve, so no round trip into a sandbox and nothing a sandbox could change.
 *
 * The IDE's page (the sandbox's, with its asset URLs rewritten on the way) points at the bundle under `<gateway origin>/.gateway/assets/<build hash>/`:
 * one URL for every workspace, so a browser that opened one workspace has the bundle for all
 * (browsers cache per origin, and each workspace has its own). Those files are immutable (cached
 * a year), public (they are the same for everyone, with nothing of a user in them) and allowed
 * cross-origin. Brotli or gzip, pre-compressed at build time, as the browser accepts.
 */
export class IdeAssets {
    private constructor(private readonly dir: string, private readonly manifest: AssetManifest | undefined) { }

    static load(runtimeDir: string, log: Logger): IdeAssets {
        const dir = join(runtimeDir, 'app', 'lib', 'frontend');
        try {
            return new IdeAssets(dir, manifestSchema.parse(JSON.parse(readFileSync(join(dir, 'asset-manifest.json'), 'utf8'))));
        } catch (error) {
            log.warn({ err: (error as Error).message, dir }, 'no asset manifest in the IDE runtime: the IDE\'s static files come from each sandbox (build with npm run build)');
            return new IdeAssets(dir, undefined);
        }
    }

    get buildHash(): string | undefined {
        return this.manifest?.hash;
    }

    /**
     * On the gateway's own origin: a file of the bundle under `/.gateway/assets/<build hash>/`, for
     * any workspace's page (no sign-in: the request carries no cookie, and the files are the build's).
     * Not the IDE's HTML pages: on the gateway's origin nothing of the IDE may run.
     */
    answerShared(req: IncomingMessage, res: ServerResponse, path: string): boolean {
        if (!this.manifest || !path.startsWith(ASSETS_PREFIX) || (req.method !== 'GET' && req.method !== 'HEAD')) {
            return false;
        }
        const name = this.hashedName(path);
        const file = name !== undefined && !name.endsWith('.html') ? this.file(name) : undefined;
        if (!file) {
            notAnAsset(res);
            return true;
        }
        this.send(req, res, name!, file, IMMUTABLE, { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' });
        return true;
    }

    /**
     * On a workspace's origin (or under its path): `path` (inside the IDE's root) when it is one of
     * the IDE's static files; false otherwise. A worker is a stub that imports the one from `sharedOrigin`.
     */
    answer(req: IncomingMessage, res: ServerResponse, path: string, sharedOrigin: string): boolean {
        if (!this.manifest || (req.method !== 'GET' && req.method !== 'HEAD')) {
            return false;
        }
        if (path.startsWith(ASSETS_PREFIX)) {
            const name = this.hashedName(path);
            const file = name !== undefined ? this.file(name) : undefined;
            if (file) {
                this.send(req, res, name!, file, IMMUTABLE);
            } else {
                notAnAsset(res);
            }
            return true;
        }
        const name = path.slice(1);
        const file = this.file(name);
        if (!file) {
            return false;
        }
        if (WORKER.test(name)) {
            const url = JSON.stringify(`${sharedOrigin}${ASSETS_PREFIX}${this.manifest.hash}/${name}`);
            this.sendText(req, res, 'text/javascript; charset=utf-8', `importScripts(${url});\n`);
        } else {
            this.send(req, res, name, file, REVALIDATE);
        }
        return true;
    }

    /**
     * How the IDE's page (the build's index.html, as the sandbox serves it) is sent: its bundle taken
     * from `sharedOrigin`. Undefined when the runtime has no manifest (then the page stays as it is).
     */
    pageRewriter(sharedOrigin: string): ((html: string) => string) | undefined {
        if (!this.manifest) {
            return undefined;
        }
        const hashed = new RegExp(`(href|src)="\\./(\\.gateway/assets/${this.manifest.hash}/[^"]+)"`, 'g');
        return html => html.replace(hashed, `$1="${sharedOrigin}/$2" crossorigin="anonymous"`);
    }

    private hashedName(path: string): string | undefined {
        const [hash, ...rest] = path.slice(ASSETS_PREFIX.length).split('/');
        return hash === this.manifest?.hash ? rest.join('/') : undefined;
    }

    private file(name: string): AssetFile | undefined {
        return this.manifest && Object.hasOwn(this.manifest.files, name) ? this.manifest.files[name] : undefined;
    }

    private send(req: IncomingMessage, res: ServerResponse, name: string, file: AssetFile, cacheControl: string, extra: Record<string, string> = {}): void {
        const encoding = chooseEncoding(req.headers['accept-encoding'], file.encodings);
        const headers: Record<string, string> = {
            'content-type': CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream',
            'cache-control': cacheControl,
            etag: `"${file.etag}${encoding ? `-${encoding}` : ''}"`,
            vary: 'Accept-Encoding',
            'x-content-type-options': 'nosniff',
            ...extra
        };
        if (notModified(req, res, headers)) {
            return;
        }
        const filePath = join(this.dir, `${name}${encoding ? FILE_ENDINGS[encoding] : ''}`);
        if (encoding) {
            headers['content-encoding'] = encoding;
        }
        let size: number;
        try {
            size = statSync(filePath).size;
        } catch {
            res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end('this asset is missing from the IDE runtime\n');
            return;
        }
        headers['content-length'] = String(size);
        res.writeHead(200, headers);
        if (req.method === 'HEAD') {
            res.end();
            return;
        }
        const stream = createReadStream(filePath);
        stream.on('error', () => res.destroy());
        stream.pipe(res);
    }

    private sendText(req: IncomingMessage, res: ServerResponse, contentType: string, text: string): void {
        const headers: Record<string, string> = {
            'content-type': contentType,
            'cache-control': REVALIDATE,
            etag: `"${createHash('sha256').update(text).digest('hex').slice(0, 20)}"`,
            'x-content-type-options': 'nosniff'
        };
        if (notModified(req, res, headers)) {
            return;
        }
        res.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(text)) }).end(req.method === 'HEAD' ? undefined : text);
    }
}

function notModified(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): boolean {
    if (!req.headers['if-none-match']?.split(',').map(tag => tag.trim().replace(/^W\//, '')).includes(headers.etag)) {
        return false;
    }
    res.writeHead(304, headers).end();
    return true;
}

function notAnAsset(res: ServerResponse): void {
    res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end('not an asset of this build of the IDE: reload the page\n');
}

/** br over gzip over identity, as the Accept-Encoding allows (`q=0` refuses). */
export function chooseEncoding(accept: string | undefined, available: readonly ('br' | 'gzip')[]): 'br' | 'gzip' | undefined {
    const accepted = new Map<string, number>();
    for (const part of (accept ?? '').split(',')) {
        const [coding, ...params] = part.trim().toLowerCase().split(';');
        const q = params.map(param => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
        if (coding) {
            accepted.set(coding, q === undefined ? 1 : Number(q));
        }
    }
    const allows = (coding: string): boolean => (accepted.get(coding) ?? accepted.get('*') ?? 0) > 0;
    return (['br', 'gzip'] as const).find(coding => available.includes(coding) && allows(coding));
}
