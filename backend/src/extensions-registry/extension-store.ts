import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';
import { validateVsix, VsixLimits, VsixManifest, DEFAULT_VSIX_LIMITS } from './vsix-validation.js';

/** One stored .vsix, as the registry lists it: its manifest (less the icon's bytes) and how it came. */
export interface StoredExtension extends Omit<VsixManifest, 'icon'> {
    sizeBytes: number;
    sha256: string;
    uploadedAt: string;
    uploadedBy: string;
    iconContentType?: string;
}

export class ExtensionConflict extends Error { }

const INDEX_FILE = 'index.json';

/**
 * The admins' .vsix files under `<data dir>/extensions/` (0700; each file 0600), with an index of their
 * manifests. Nothing here is reachable from a sandbox but through the registry's answers.
 */
export class ExtensionStore {
    private writes: Promise<unknown> = Promise.resolve();

    private constructor(private readonly dir: string, private records: StoredExtension[], readonly limits: VsixLimits) { }

    static async open(dir: string, limits: VsixLimits = DEFAULT_VSIX_LIMITS): Promise<ExtensionStore> {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        let records: StoredExtension[] = [];
        try {
            records = JSON.parse(await readFile(join(dir, INDEX_FILE), 'utf8'));
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
                throw new Error(`cannot read the extension registry's index ${join(dir, INDEX_FILE)}: ${(error as Error).message}`);
            }
        }
        return new ExtensionStore(dir, records, limits);
    }

    /** Every stored version, newest first within each extension. */
    list(): StoredExtension[] {
        return [...this.records].sort((a, b) => a.id.localeCompare(b.id) || semver.rcompare(a.version, b.version));
    }

    versions(id: string): StoredExtension[] {
        return this.list().filter(record => record.id === id);
    }

    find(id: string, version?: string): StoredExtension | undefined {
        return version ? this.records.find(record => record.id === id && record.version === version) : this.versions(id)[0];
    }

    vsixPath(record: StoredExtension): string {
        return join(this.dir, `${record.id}-${record.version}.vsix`);
    }

    async icon(record: StoredExtension): Promise<Buffer | undefined> {
        return record.iconContentType ? readFile(this.iconPath(record)) : undefined;
    }

    /** Validates and stores an upload; throws VsixRejected (why) or ExtensionConflict (that version is there). */
    async add(vsix: Buffer, uploadedBy: string): Promise<StoredExtension> {
        const manifest = await validateVsix(vsix, this.limits);
        return this.serialized(async () => {
            if (this.find(manifest.id, manifest.version)) {
                throw new ExtensionConflict(`${manifest.id} ${manifest.version} is stored already; delete it first to replace it`);
            }
            const { icon, ...fields } = manifest;
            const record: StoredExtension = {
                ...fields,
                sizeBytes: vsix.length,
                sha256: createHash('sha256').update(vsix).digest('hex'),
                uploadedAt: new Date().toISOString(),
                uploadedBy,
                iconContentType: icon?.contentType
            };
            await writeFile(this.vsixPath(record), vsix, { mode: 0o600 });
            if (icon) {
                await writeFile(this.iconPath(record), icon.bytes, { mode: 0o600 });
            }
            await this.saveIndex([...this.records, record]);
            return record;
        });
    }

    /** Removes one version, or every version without one; returns what went. */
    async remove(id: string, version?: string): Promise<StoredExtension[]> {
        return this.serialized(async () => {
            const gone = this.records.filter(record => record.id === id && (!version || record.version === version));
            await this.saveIndex(this.records.filter(record => !gone.includes(record)));
            await Promise.all(gone.flatMap(record => [rm(this.vsixPath(record), { force: true }), rm(this.iconPath(record), { force: true })]));
            return gone;
        });
    }

    private iconPath(record: StoredExtension): string {
        return join(this.dir, `${record.id}-${record.version}.icon`);
    }

    private async saveIndex(records: StoredExtension[]): Promise<void> {
        const path = join(this.dir, INDEX_FILE);
        await writeFile(`${path}.new`, JSON.stringify(records, undefined, 1), { mode: 0o600 });
        await rename(`${path}.new`, path);
        this.records = records;
    }

    private serialized<T>(work: () => Promise<T>): Promise<T> {
        const next = this.writes.then(work, work);
        this.writes = next.catch(() => undefined);
        return next;
    }
}
