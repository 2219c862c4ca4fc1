import { basename, dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { pack } from 'tar-fs';
import { SANDBOX_UID } from './container-spec.js';

/** A tar of a repository's `.git` directory, owned by the sandbox user; links are stored as links, never followed. */
export function packGitDirectory(gitDirectory: string): Readable {
    return pack(dirname(gitDirectory), {
        entries: [basename(gitDirectory)],
        dereference: false,
        map: header => ({ ...header, uid: SANDBOX_UID, gid: SANDBOX_UID, uname: '', gname: '' })
    }) as unknown as Readable;
}
