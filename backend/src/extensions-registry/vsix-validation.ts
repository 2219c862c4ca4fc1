import semver from 'semver';
import type { Entry, ZipFile } from 'yauzl';
import { extensionIdSchema, VSCODE_API_VERSION } from '@ide/sandbox-contract';
import { entryName, openZip, readEntryBytes } from './zip-reading.js';

export interface VsixLimits {
    maxBytes: number;
    maxEntries: number;
    /** The sum of the entries' uncompressed sizes. */
    maxUncompressedBytes: number;
    /** Uncompressed ÷ compressed of one entry larger than 1 MiB: deflate reaches about 1000 on zeros, real files stay far below 100. */
    maxCompressionRatio: number;
}

export const DEFAULT_VSIX_LIMITS: VsixLimits = {
    maxBytes: 50 * 1024 * 1024,
    maxEntries: 10_000,
    maxUncompressedBytes: 256 * 1024 * 1024,
    maxCompressionRatio: 200
};

const MANIFEST_ENTRY = 'extension/package.json';
const MANIFEST_LIMIT_BYTES = 1024 * 1024;
const ICON_LIMIT_BYTES = 256 * 1024;
const RATIO_FLOOR_BYTES = 1024 * 1024;
const ICON_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.svg': 'image/svg+xml', '.webp': 'image/webp' };

/** An upload the registry refuses; the message says why, for the admin. */
export class VsixRejected extends Error { }

export interface VsixManifest {
    /** `publisher.name`, lowercase. */
    id: string;
    namespace: string;
    name: string;
    version: string;
    displayName: string;
    description: string;
    engine: string;
    icon?: { bytes: Buffer; contentType: string };
}

/**
 * Checks an uploaded .vsix before the gateway stores or unpacks it: a zip, no entry leaving the
 * archive, bounded in entries and uncompressed size, and a manifest Theia's plugin host can run.
 */
export async function validateVsix(buffer: Buffer, limits: VsixLimits = DEFAULT_VSIX_LIMITS): Promise<VsixManifest> {
    if (buffer.length > limits.maxBytes) {
        throw new VsixRejected(`the file is ${buffer.length} bytes; a .vsix may be at most ${limits.maxBytes} bytes`);
    }
    const zip = await openZip(buffer).catch((error: Error) => {
        throw new VsixRejected(`not a valid .vsix (zip) file: ${error.message}`);
    });
    try {
        const entries = await readEntries(zip, limits);
        const manifestEntry = entries.get(MANIFEST_ENTRY);
        if (!manifestEntry) {
            throw new VsixRejected(`not a VS Code extension: the archive has no ${MANIFEST_ENTRY}`);
        }
        const manifest = parseManifest(await readEntry(zip, manifestEntry, MANIFEST_LIMIT_BYTES, MANIFEST_ENTRY));
        const iconPath = typeof manifest.iconPath === 'string' ? `extension/${manifest.iconPath.replace(/^\.\//, '')}` : undefined;
        const iconEntry = iconPath ? entries.get(iconPath) : undefined;
        const contentType = iconPath && ICON_TYPES[iconPath.slice(iconPath.lastIndexOf('.')).toLowerCase()];
        const icon = iconEntry && contentType && iconEntry.uncompressedSize <= ICON_LIMIT_BYTES
            ? { bytes: await readEntry(zip, iconEntry, ICON_LIMIT_BYTES, iconPath!), contentType }
            : undefined;
        return { ...manifest.fields, icon };
    } finally {
        zip.close();
    }
}

/** A path inside the archive that stays inside it once unpacked (yauzl refuses most of these too; this does not rely on it). */
export function safeEntryPath(name: string): boolean {
    return name.length > 0 && name.length <= 1024
        && !name.includes('\\') && !name.includes('\0')
        && !name.startsWith('/') && !/^[A-Za-z]:/.test(name)
        && !name.split('/').some(segment => segment === '..');
}

async function readEntries(zip: ZipFile, limits: VsixLimits): Promise<Map<string, Entry>> {
    if (zip.entryCount > limits.maxEntries) {
        throw new VsixRejected(`the archive has ${zip.entryCount} entries; at most ${limits.maxEntries} are allowed`);
    }
    const entries = new Map<string, Entry>();
    let total = 0;
    await new Promise<void>((resolve, reject) => {
        const fail = (error: Error) => {
            zip.removeAllListeners('entry');
            reject(error instanceof VsixRejected ? error : new VsixRejected(`not a valid .vsix (zip) file: ${error.message}`));
        };
        zip.on('error', fail);
        zip.on('end', () => resolve());
        zip.on('entry', (entry: Entry) => {
            const name = entryName(entry);
            if (!safeEntryPath(name)) {
                fail(new VsixRejected(`the entry ${JSON.stringify(name.slice(0, 200))} would be unpacked outside the extension's folder (absolute, "..", or a backslash); refused`));
                return;
            }
            total += entry.uncompressedSize;
            if (total > limits.maxUncompressedBytes) {
                fail(new VsixRejected(`the archive unpacks to more than ${limits.maxUncompressedBytes} bytes; refused (a zip bomb?)`));
                return;
            }
            if (entry.uncompressedSize > RATIO_FLOOR_BYTES && entry.uncompressedSize > limits.maxCompressionRatio * Math.max(1, entry.compressedSize)) {
                fail(new VsixRejected(`the entry ${JSON.stringify(name)} is compressed more than ${limits.maxCompressionRatio}:1; refused (a zip bomb?)`));
                return;
            }
            entries.set(name, entry);
            zip.readEntry();
        });
        zip.readEntry();
    });
    return entries;
}

async function readEntry(zip: ZipFile, entry: Entry, limit: number, name: string): Promise<Buffer> {
    if (entry.uncompressedSize > limit) {
        throw new VsixRejected(`${name} is ${entry.uncompressedSize} bytes; at most ${limit} are read`);
    }
    return readEntryBytes(zip, entry).catch((error: Error) => {
        throw new VsixRejected(`cannot read ${name}: ${error.message}`);
    });
}

function parseManifest(bytes: Buffer): { fields: Omit<VsixManifest, 'icon'>; iconPath?: unknown } {
    let json: Record<string, unknown>;
    try {
        json = JSON.parse(bytes.toString('utf8'));
    } catch {
        throw new VsixRejected(`${MANIFEST_ENTRY} is not JSON`);
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) {
        throw new VsixRejected(`${MANIFEST_ENTRY} is not a JSON object`);
    }
    const missing = ['publisher', 'name', 'version'].filter(field => typeof json[field] !== 'string' || !(json[field] as string).trim());
    const engines = json.engines as Record<string, unknown> | undefined;
    const engine = engines && typeof engines === 'object' ? engines.vscode : undefined;
    if (typeof engine !== 'string' || !engine.trim()) {
        missing.push('engines.vscode');
    }
    if (missing.length) {
        throw new VsixRejected(`${MANIFEST_ENTRY} lacks ${missing.join(', ')}`);
    }
    const namespace = (json.publisher as string).toLowerCase();
    const name = (json.name as string).toLowerCase();
    const id = `${namespace}.${name}`;
    if (!extensionIdSchema.safeParse(id).success) {
        throw new VsixRejected(`"${id.slice(0, 200)}" is not a usable extension id (publisher.name of lowercase letters, digits, ".", "_" or "-")`);
    }
    const version = semver.valid(json.version as string);
    if (!version) {
        throw new VsixRejected(`version "${String(json.version).slice(0, 64)}" is not a semantic version`);
    }
    if (!semver.validRange(engine as string) || !semver.satisfies(VSCODE_API_VERSION, engine as string, { includePrerelease: true })) {
        throw new VsixRejected(`${id} needs VS Code ${String(engine).slice(0, 64)}; this IDE runs the VS Code API ${VSCODE_API_VERSION}`);
    }
    const text = (value: unknown, max: number) => typeof value === 'string' ? value.slice(0, max) : '';
    return {
        fields: { id, namespace, name, version, displayName: text(json.displayName, 200) || name, description: text(json.description, 1000), engine: engine as string },
        iconPath: json.icon
    };
}
