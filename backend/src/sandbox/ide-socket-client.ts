import { request } from 'node:http';
import { SandboxEndpoint } from './sandbox-provider.js';

export const SANDBOX_SECRET_HEADER = 'x-ide-sandbox-secret';

/** Asks the relay inside the sandbox whether Theia answers yet. */
export function isIdeReady(endpoint: SandboxEndpoint, timeoutMs = 2000): Promise<boolean> {
    return new Promise(resolve => {
        const req = request({
            socketPath: endpoint.socketPath,
            agent: false,
            path: '/.ide/ready',
            headers: { [SANDBOX_SECRET_HEADER]: endpoint.secret },
            timeout: timeoutMs
        }, res => {
            res.resume();
            resolve(res.statusCode === 200);
        });
        req.on('timeout', () => req.destroy());
        req.on('error', () => resolve(false));
        req.end();
    });
}
