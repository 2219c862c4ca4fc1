import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writePrivateFileAtomically } from '../store/private-files.js';

const KEY_FILE = 'secrets.key';
const VERSION = 'v1';

/**
 * Seals secrets kept at rest (users' Git tokens) with AES-256-GCM: a leaked store or backup of it
 * does not leak them. Each secret is bound to what it is for (`context`, e.g. its owner and host),
 * so a sealed value copied onto another record does not open. The key comes from IDE_SECRETS_KEY
 * (kept apart from the data) or, without it, from a key file made once in the data directory.
 */
export class SecretBox {
    private constructor(private readonly key: Buffer) { }

    static async open(dataDir: string, configuredKey?: Buffer): Promise<SecretBox> {
        if (configuredKey) {
            return new SecretBox(configuredKey);
        }
        const path = join(dataDir, KEY_FILE);
        try {
            const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64');
            if (key.length !== 32) {
                throw new Error(`${path} does not hold a 32-byte key in base64`);
            }
            return new SecretBox(key);
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
                throw error;
            }
        }
        const key = randomBytes(32);
        await writePrivateFileAtomically(path, `${key.toString('base64')}\n`);
        return new SecretBox(key);
    }

    seal(secret: string, context: string): string {
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', this.key, iv);
        cipher.setAAD(Buffer.from(context));
        const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
        return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
    }

    /** The secret, or undefined when the value was not sealed by this key for this context. */
    unseal(value: string, context: string): string | undefined {
        const [version, iv, tag, sealed] = value.split('.');
        if (version !== VERSION || !iv || !tag || sealed === undefined) {
            return undefined;
        }
        try {
            const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
            decipher.setAAD(Buffer.from(context));
            decipher.setAuthTag(Buffer.from(tag, 'base64url'));
            return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
        } catch {
            return undefined;
        }
    }
}
