import * as http from 'http';
import { READY_PATH } from '@ide/sandbox-contract/lib/control-channel';
import { sendPlain } from './loopback-forwarding';

/** True when Theia accepts a connection and answers HTTP (any status). */
function isTheiaAnswering(port: number): Promise<boolean> {
    return new Promise(resolve => {
        const probe = http.request({ host: '127.0.0.1', port, method: 'HEAD', path: '/', agent: false, timeout: 2000 }, res => {
            res.resume();
            resolve(true);
        });
        probe.on('timeout', () => probe.destroy(new Error('timeout')));
        probe.on('error', () => resolve(false));
        probe.end();
    });
}

/**
 * The control tunnel's server: the gateway's own requests, answered here. Tool calls do not come
 * this way: they take the tools tunnel, which the IDE backend's executor dials itself.
 */
export function createControlServer(theiaPort: number): http.Server {
    const server = http.createServer((req, res) => {
        const path = (req.url ?? '').split('?')[0];
        if (path === READY_PATH) {
            void isTheiaAnswering(theiaPort).then(ready => sendPlain(res, ready ? 200 : 503, JSON.stringify({ ready }), 'application/json'));
            return;
        }
        sendPlain(res, 404, JSON.stringify({ error: `no ${path} here` }), 'application/json');
    });
    server.on('clientError', (_error, socket) => socket.destroy());
    return server;
}
