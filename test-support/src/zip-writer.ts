import { crc32, deflateRawSync } from 'zlib';

export interface ZipEntryInput {
    /** Written as given: tests need names a zip library would refuse (`../x`, `/etc/x`, `a\\b`). */
    name: string;
    data: Buffer | string;
    /** Deflate (default) or store. */
    store?: boolean;
    /** Say this uncompressed size in the headers instead of the real one (a lying archive). */
    declaredSize?: number;
}

/** A minimal zip writer (no zip64, no encryption), for fixtures that must be exactly as bad as a test says. */
export function makeZip(entries: ZipEntryInput[]): Buffer {
    const locals: Buffer[] = [];
    const centrals: Buffer[] = [];
    let offset = 0;
    for (const entry of entries) {
        const data = typeof entry.data === 'string' ? Buffer.from(entry.data) : entry.data;
        const body = entry.store ? data : deflateRawSync(data);
        const name = Buffer.from(entry.name, 'utf8');
        const method = entry.store ? 0 : 8;
        const size = entry.declaredSize ?? data.length;
        const crc = crc32(data);
        const local = Buffer.alloc(30);
        local.writeUInt32LE(0x04034b50, 0);
        local.writeUInt16LE(20, 4);
        local.writeUInt16LE(0x0800, 6);
        local.writeUInt16LE(method, 8);
        local.writeUInt32LE(crc, 14);
        local.writeUInt32LE(body.length, 18);
        local.writeUInt32LE(size, 22);
        local.writeUInt16LE(name.length, 26);
        const central = Buffer.alloc(46);
        central.writeUInt32LE(0x02014b50, 0);
        central.writeUInt16LE(20, 4);
        central.writeUInt16LE(20, 6);
        central.writeUInt16LE(0x0800, 8);
        central.writeUInt16LE(method, 10);
        central.writeUInt32LE(crc, 16);
        central.writeUInt32LE(body.length, 20);
        central.writeUInt32LE(size, 24);
        central.writeUInt16LE(name.length, 28);
        central.writeUInt32LE(offset, 42);
        locals.push(local, name, body);
        centrals.push(central, name);
        offset += local.length + name.length + body.length;
    }
    const directory = Buffer.concat(centrals);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, directory, end]);
}
