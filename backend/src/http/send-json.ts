import type { ServerResponse } from 'node:http';

/** For plain Node servers (the sandboxes' gateway sockets), where there is no Express `res.json`. */
export function sendJson(res: ServerResponse, status: number, body: object): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
