import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZodError } from 'zod';
import {
    REGISTRY_FILE_PATH, REGISTRY_ICON_FILE, REGISTRY_QUERY_LIMIT_CHARS, REGISTRY_QUERY_PATH, REGISTRY_RELAY_URL, REGISTRY_SEARCH_PATH,
    registryQuerySchema, registrySearchSchema
} from '@ide/sandbox-contract';
import { sendJson } from '../http/send-json.js';
import { ExtensionStore, StoredExtension } from './extension-store.js';

/** What the workspace's profile lets its owner take from the registry. */
export interface RegistryAccess {
    allowUserExtensions: boolean;
    /** Pinned extensions are there already: they are listed, never refused. */
    pinned: ReadonlySet<string>;
}

const PUBLISHED_BY = { loginName: 'admin', fullName: 'this server\'s admins' };

const issuesText = (error: ZodError): string => error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ');

/**
 * The Open VSX API Theia's vsx-registry uses, served from the admins' store to one sandbox (its path
 * without REGISTRY_SOCKET_PREFIX). Links point back at the sandbox's relay; icons are data: URLs, so the
 * browser loads nothing from any other origin and needs no credential for them.
 */
export async function answerRegistryRequest(store: ExtensionStore, path: string, req: IncomingMessage, res: ServerResponse, access: RegistryAccess): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendJson(res, 405, { error: 'the extension registry is read-only: use GET' });
        return;
    }
    const url = req.url ?? '';
    const search = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
    if (search.length > REGISTRY_QUERY_LIMIT_CHARS) {
        sendJson(res, 414, { error: `the query is at most ${REGISTRY_QUERY_LIMIT_CHARS} characters` });
        return;
    }
    const params = Object.fromEntries(new URLSearchParams(search));
    if (path === REGISTRY_SEARCH_PATH) {
        const parsed = registrySearchSchema.safeParse(params);
        if (!parsed.success) {
            sendJson(res, 400, { error: issuesText(parsed.error) });
            return;
        }
        sendJson(res, 200, await searchResult(store, parsed.data, access));
        return;
    }
    if (path === REGISTRY_QUERY_PATH) {
        const parsed = registryQuerySchema.safeParse(params);
        if (!parsed.success) {
            sendJson(res, 400, { error: issuesText(parsed.error) });
            return;
        }
        sendJson(res, 200, await queryResult(store, parsed.data, access));
        return;
    }
    const file = REGISTRY_FILE_PATH.exec(path);
    const record = file && store.find(`${file[1]}.${file[2]}`, file[3]);
    if (!file || !record) {
        sendJson(res, 404, { error: 'no such extension or file in this server\'s registry' });
        return;
    }
    if (file[4] === REGISTRY_ICON_FILE) {
        const icon = await store.icon(record).catch(() => undefined);
        if (!icon) {
            sendJson(res, 404, { error: `${record.id} has no icon` });
            return;
        }
        res.writeHead(200, { 'content-type': record.iconContentType!, 'content-length': icon.length, 'x-content-type-options': 'nosniff' });
        res.end(req.method === 'HEAD' ? undefined : icon);
        return;
    }
    if (file[4] !== vsixFileName(record)) {
        sendJson(res, 404, { error: `the file of ${record.id} ${record.version} is ${vsixFileName(record)}` });
        return;
    }
    const refusal = refusalOf(record, access);
    if (refusal) {
        sendJson(res, 403, { error: refusal });
        return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': record.sizeBytes });
    if (req.method === 'HEAD') {
        res.end();
        return;
    }
    const stream = createReadStream(store.vsixPath(record));
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy());
    stream.pipe(res);
}

/** Why this owner may not install it here, or undefined. */
export function refusalOf(record: StoredExtension, access: RegistryAccess): string | undefined {
    if (access.allowUserExtensions || access.pinned.has(record.id)) {
        return undefined;
    }
    return `Installing extensions is turned off for this workspace's profile by the server's admins; ask them to pin ${record.id} to the profile.`;
}

const vsixFileName = (record: StoredExtension): string => `${record.id}-${record.version}.vsix`;
const versionUrl = (record: StoredExtension): string => `${REGISTRY_RELAY_URL}/api/${record.namespace}/${record.name}/${record.version}`;
const fileUrl = (record: StoredExtension, file: string): string => `${versionUrl(record)}/file/${file}`;

async function files(store: ExtensionStore, record: StoredExtension): Promise<Record<string, string>> {
    const icon = await store.icon(record).catch(() => undefined);
    return {
        download: fileUrl(record, vsixFileName(record)),
        ...(icon ? { icon: `data:${record.iconContentType};base64,${icon.toString('base64')}` } : {})
    };
}

function describe(record: StoredExtension, access: RegistryAccess): string {
    const refusal = refusalOf(record, access);
    return refusal ? `${refusal} ${record.description}`.trim() : record.description;
}

async function searchResult(store: ExtensionStore, { query, size, offset }: { query: string; size: number; offset: number }, access: RegistryAccess): Promise<object> {
    const words = query.toLowerCase().split(/\s+/).filter(word => word && !word.startsWith('@'));
    const latest = new Map<string, StoredExtension>();
    for (const record of store.list()) {
        if (!latest.has(record.id)) {
            latest.set(record.id, record);
        }
    }
    const matching = [...latest.values()].filter(record => words.every(word => `${record.id} ${record.displayName} ${record.description}`.toLowerCase().includes(word)));
    const page = matching.slice(offset, offset + size);
    return {
        offset,
        totalSize: matching.length,
        extensions: await Promise.all(page.map(async record => ({
            url: `${REGISTRY_RELAY_URL}/api/${record.namespace}/${record.name}`,
            files: await files(store, record),
            name: record.name,
            namespace: record.namespace,
            version: record.version,
            timestamp: record.uploadedAt,
            downloadCount: 0,
            displayName: record.displayName,
            description: describe(record, access),
            allVersions: store.versions(record.id).map(version => ({ url: versionUrl(version), version: version.version, engines: { vscode: version.engine } }))
        })))
    };
}

async function queryResult(store: ExtensionStore, query: { extensionId?: string; namespaceName?: string; extensionName?: string; extensionVersion?: string; includeAllVersions?: string; size: number; offset: number }, access: RegistryAccess): Promise<object> {
    const id = (query.extensionId ?? (query.namespaceName && query.extensionName ? `${query.namespaceName}.${query.extensionName}` : '')).toLowerCase();
    let records = id ? store.versions(id) : [];
    if (query.extensionVersion) {
        records = records.filter(record => record.version === query.extensionVersion);
    } else if (query.includeAllVersions !== 'true') {
        records = records.slice(0, 1);
    }
    const page = records.slice(query.offset, query.offset + query.size);
    return {
        offset: query.offset,
        totalSize: records.length,
        extensions: await Promise.all(page.map(async record => {
            const refusal = refusalOf(record, access);
            return {
                namespaceUrl: `${REGISTRY_RELAY_URL}/api/${record.namespace}`,
                reviewsUrl: `${REGISTRY_RELAY_URL}/api/${record.namespace}/${record.name}/reviews`,
                name: record.name,
                namespace: record.namespace,
                targetPlatform: 'universal',
                publishedBy: PUBLISHED_BY,
                preRelease: false,
                namespaceAccess: 'restricted',
                files: await files(store, record),
                allVersions: Object.fromEntries(store.versions(record.id).map(version => [version.version, versionUrl(version)])),
                downloadCount: 0,
                reviewCount: 0,
                version: record.version,
                timestamp: record.uploadedAt,
                // Only admins put extensions here: Theia would otherwise ask the user to trust an "unverified" publisher.
                verified: true,
                displayName: record.displayName,
                description: describe(record, access),
                engines: { vscode: record.engine },
                dependencies: [],
                bundledExtensions: [],
                ...(refusal ? { error: refusal } : {})
            };
        }))
    };
}
