import { createReadStream, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
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

const CONTENT_TYPES: Record<string, string> = {
    js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', html: 'text/html; charset=utf-8', json: 'application/json',
    map: 'application/json', wasm: 'application/wasm', svg: 'image/svg+xml', ttf: 'font/ttf', woff: 'font/woff', woff2: 'font/woff2',
    png: 'image/png', gif: 'image/gif', ico: 'image/x-icon'
};
const FILE_ENDINGS = { br: '.br', gzip: '.gz' } as const;

/**
 * The IDE's static frontend (the bundle, its style sheet, the workers), served by the gateway
 * itself from its read-only copy of the IDE runtime, never from the sandbox: the same bytes
 * every sandbox would serve, so no round trip into a sandbox and nothing a sandbox could change.
 * Under `.gateway/assets/<build hash>/` they are immutable (cached a year); at their usual paths
 * they are revalidated (304). Brotli or gzip, pre-compressed at build time, as the browser accepts.
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

    /** Answers `path` (inside the IDE's root) when it is one of the IDE's static files; false otherwise. */
    answer(req: IncomingMessage, res: ServerResponse, path: string): boolean {
        if (!this.manifest || (req.method !== 'GET' && req.method !== 'HEAD')) {
            return false;
        }
        const hashed = path.startsWith(ASSETS_PREFIX);
        const [hash, ...rest] = hashed ? path.slice(ASSETS_PREFIX.length).split('/') : [];
        const name = hashed ? rest.join('/') : path.slice(1);
        const file = Object.hasOwn(this.manifest.files, name) ? this.manifest.files[name] : undefined;
        if (!file || (hashed && hash !== this.manifest.hash)) {
            if (hashed) {
                res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end('not an asset of this build of the IDE: reload the page\n');
            }
            return hashed;
        }
        const cacheControl = hashed ? IMMUTABLE : REVALIDATE;
        const encoding = chooseEncoding(req.headers['accept-encoding'], file.encodings);
        const etag = `"${file.etag}${encoding ? `-${encoding}` : ''}"`;
        const headers: Record<string, string> = {
            'content-type': CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream',
            'cache-control': cacheControl,
            etag,
            vary: 'Accept-Encoding',
            'x-content-type-options': 'nosniff'
        };
        if (req.headers['if-none-match']?.split(',').map(tag => tag.trim().replace(/^W\//, '')).includes(etag)) {
            res.writeHead(304, headers).end();
            return true;
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
            return true;
        }
        headers['content-length'] = String(size);
        res.writeHead(200, headers);
        if (req.method === 'HEAD') {
            res.end();
            return true;
        }
        const stream = createReadStream(filePath);
        stream.on('error', () => res.destroy());
        stream.pipe(res);
        return true;
    }
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
