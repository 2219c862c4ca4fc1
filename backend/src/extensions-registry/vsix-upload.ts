import type { Request } from 'express';
import busboy from 'busboy';
import { readRequestBody, RequestBodyTooLargeError } from '@ide/sandbox-contract';
import { HttpError } from '../http/http-error.js';

/**
 * The .vsix of an upload: a multipart form's one file (the admin page), or the raw body (the API, any
 * content type but a form). Never more than `limit` bytes are held; a larger upload is a 413.
 */
export async function readVsixUpload(req: Request, limit: number): Promise<Buffer> {
    const tooLarge = () => new HttpError(413, `a .vsix may be at most ${limit} bytes (${Math.round(limit / 1024 / 1024)} MiB)`);
    if (Number(req.headers['content-length'] ?? 0) > limit + 64 * 1024) {
        throw tooLarge();
    }
    if (!req.is('multipart/form-data')) {
        try {
            const body = await readRequestBody(req, limit);
            if (!body.length) {
                throw new HttpError(400, 'send the .vsix file as the request body, or as the "vsix" field of a multipart form');
            }
            return body;
        } catch (error) {
            throw error instanceof RequestBodyTooLargeError ? tooLarge() : error;
        }
    }
    return new Promise((resolve, reject) => {
        let parser: busboy.Busboy;
        try {
            parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: limit, fields: 10, fieldSize: 1024, parts: 12 } });
        } catch {
            reject(new HttpError(400, 'the multipart form is malformed'));
            return;
        }
        let file: Promise<Buffer> | undefined;
        parser.on('file', (_field, stream) => {
            file = new Promise((resolveFile, rejectFile) => {
                const chunks: Buffer[] = [];
                stream.on('data', (chunk: Buffer) => chunks.push(chunk));
                stream.on('limit', () => rejectFile(tooLarge()));
                stream.on('error', rejectFile);
                stream.on('close', () => resolveFile(Buffer.concat(chunks)));
            });
            file.catch(() => undefined);
        });
        parser.on('error', () => reject(new HttpError(400, 'the multipart form is malformed')));
        parser.on('close', () => {
            if (!file) {
                reject(new HttpError(400, 'choose a .vsix file to upload'));
                return;
            }
            file.then(bytes => bytes.length ? resolve(bytes) : reject(new HttpError(400, 'choose a .vsix file to upload')), reject);
        });
        req.pipe(parser);
    });
}
