import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/**
 * Passes requests whose target is a path (`/…`) on to `app`; answers any other target (absolute
 * form `http://…`, `*`) with 400 at once. Express routes paths only: anything else would reach its
 * final handler, which waits for the whole declared body before it answers.
 */
export function originFormOnly(app: RequestListener): RequestListener {
    return (req: IncomingMessage, res: ServerResponse) => {
        if (req.url?.startsWith('/')) {
            app(req, res);
            return;
        }
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('the request target must be a path\n');
        req.socket.destroySoon();
    };
}
