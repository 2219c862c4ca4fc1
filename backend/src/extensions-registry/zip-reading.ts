import yauzl, { Entry, ZipFile } from 'yauzl';

/*
 * The few yauzl calls the registry makes, as promises. File names stay raw bytes (decodeStrings off) and
 * strictFileNames off, so our own path checks (safeEntryPath) decide and say why; entry sizes are checked
 * against the headers while reading (validateEntrySizes).
 */

export function openZip(buffer: Buffer): Promise<ZipFile> {
    return new Promise((resolve, reject) => {
        yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: false }, (error, zip) => {
            if (error || !zip) {
                reject(error ?? new Error('unreadable'));
            } else {
                resolve(zip);
            }
        });
    });
}

export const entryName = (entry: Entry): string => (entry.fileName as unknown as Buffer).toString('utf8');

export function readEntryBytes(zip: ZipFile, entry: Entry): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        zip.openReadStream(entry, (error, stream) => {
            if (error || !stream) {
                reject(error ?? new Error('unreadable entry'));
                return;
            }
            const chunks: Buffer[] = [];
            stream.on('data', (chunk: Buffer) => chunks.push(chunk));
            stream.on('error', reject);
            stream.on('end', () => resolve(Buffer.concat(chunks)));
        });
    });
}
