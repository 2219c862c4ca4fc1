import * as http from 'http';

export class RequestBodyTooLargeError extends Error {
    constructor(readonly limit: number) {
        super(`the request body is larger than ${limit} bytes`);
    }
}

/** Reads the whole body, refusing (before reading, when Content-Length says so) more than `limit` bytes. */
export function readRequestBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        if (Number(req.headers['content-length']) > limit) {
            reject(new RequestBodyTooLargeError(limit));
            return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        const onData = (chunk: Buffer) => {
            received += chunk.length;
            if (received > limit) {
                req.off('data', onData);
                reject(new RequestBodyTooLargeError(limit));
                return;
            }
            chunks.push(chunk);
        };
        req.on('data', onData);
        req.once('end', () => resolve(Buffer.concat(chunks)));
        req.once('error', reject);
        req.once('close', () => reject(new Error('the client went away while sending the request')));
    });
}
