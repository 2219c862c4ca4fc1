import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Entry } from 'yauzl';
import { SandboxProfile } from '../config/profiles.js';
import { Logger } from '../log.js';
import { PinnedExtensionMount } from '../sandbox/sandbox-provider.js';
import { ExtensionStore, StoredExtension } from './extension-store.js';
import { safeEntryPath, validateVsix } from './vsix-validation.js';
import { entryName, openZip, readEntryBytes } from './zip-reading.js';

const EXTENSION_PREFIX = 'extension/';

/**
 * A profile's pinned extensions, unpacked once by the gateway into `<data dir>/extensions/unpacked/<id>-<version>/`
 * (owned by the gateway, mounted read-only into the profile's sandboxes, where Theia loads them as built-ins).
 * Only regular files and folders are written: no symlink, no mode from the archive.
 */
export class PinnedExtensions {
    private readonly unpacking = new Map<string, Promise<string>>();

    constructor(private readonly store: ExtensionStore, private readonly dir: string, private readonly log: Logger) { }

    /** The folders to mount for this profile; a pin the registry does not hold is skipped with a warning. */
    async forProfile(profile: SandboxProfile): Promise<PinnedExtensionMount[]> {
        const mounts: PinnedExtensionMount[] = [];
        for (const pin of profile.pinnedExtensions) {
            const [id, version] = pin.split('@');
            const record = this.store.find(id, version);
            if (!record) {
                this.log.warn({ profile: profile.name, extension: pin }, 'a pinned extension is not in the registry; an admin must upload it');
                continue;
            }
            mounts.push({ id: record.id, hostDir: await this.unpacked(record) });
        }
        return mounts;
    }

    private unpacked(record: StoredExtension): Promise<string> {
        const target = join(this.dir, `${record.id}-${record.version}-${record.sha256.slice(0, 12)}`);
        let pending = this.unpacking.get(target);
        if (!pending) {
            pending = this.unpack(record, target).finally(() => this.unpacking.delete(target));
            this.unpacking.set(target, pending);
        }
        return pending;
    }

    private async unpack(record: StoredExtension, target: string): Promise<string> {
        if (await stat(join(target, 'package.json')).then(() => true, () => false)) {
            return target;
        }
        const vsix = await readFile(this.store.vsixPath(record));
        await validateVsix(vsix, this.store.limits);
        const partial = `${target}.partial`;
        await rm(partial, { recursive: true, force: true });
        await mkdir(partial, { recursive: true, mode: 0o755 });
        await extractExtensionFolder(vsix, partial);
        await rm(target, { recursive: true, force: true });
        await rename(partial, target);
        this.log.info({ extension: record.id, version: record.version }, 'pinned extension unpacked');
        return target;
    }
}

/** Writes the archive's `extension/` entries under `target` (already validated: bounded, no path leaves it). */
async function extractExtensionFolder(vsix: Buffer, target: string): Promise<void> {
    const zip = await openZip(vsix);
    try {
        await new Promise<void>((resolve, reject) => {
            zip.on('error', reject);
            zip.on('end', () => resolve());
            zip.on('entry', (entry: Entry) => {
                const name = entryName(entry);
                if (!safeEntryPath(name)) {
                    reject(new Error(`unsafe entry ${name}`));
                    return;
                }
                if (!name.startsWith(EXTENSION_PREFIX) || name.endsWith('/')) {
                    zip.readEntry();
                    return;
                }
                const destination = join(target, name.slice(EXTENSION_PREFIX.length));
                readEntryBytes(zip, entry)
                    .then(async bytes => {
                        await mkdir(dirname(destination), { recursive: true, mode: 0o755 });
                        await writeFile(destination, bytes, { mode: 0o644, flag: 'wx' });
                    })
                    .then(() => zip.readEntry(), reject);
            });
            zip.readEntry();
        });
    } finally {
        zip.close();
    }
}
