import * as http from 'http';
import * as os from 'os';
import { SandboxInfo } from '../common/sandbox-status-protocol';

interface WorkspaceInfo {
    name: string;
    profile: string;
}

/** Reads the sandbox facts from the process, the environment, and the gateway (which workspace it serves). */
export async function readSandboxInfo(env: NodeJS.ProcessEnv = process.env): Promise<SandboxInfo> {
    const workspace = await askGateway(env.IDE_GATEWAY_SOCKET);
    return {
        hostname: os.hostname(),
        uid: typeof process.getuid === 'function' ? process.getuid() : -1,
        workspaceName: workspace?.name ?? '',
        profile: workspace?.profile ?? env.IDE_PROFILE ?? '',
        dashboardUrl: env.IDE_DASHBOARD_URL || '/'
    };
}

/** GET /v1/ide/workspace on the gateway's socket; undefined when there is no gateway (a bare runtime). */
function askGateway(socketPath: string | undefined): Promise<WorkspaceInfo | undefined> {
    if (!socketPath) {
        return Promise.resolve(undefined);
    }
    return new Promise(resolve => {
        const request = http.get({ socketPath, path: '/v1/ide/workspace', timeout: 3000 }, response => {
            let body = '';
            response.setEncoding('utf8').on('data', chunk => body += chunk).on('end', () => {
                try {
                    resolve(response.statusCode === 200 ? JSON.parse(body) as WorkspaceInfo : undefined);
                } catch {
                    resolve(undefined);
                }
            });
        });
        request.on('timeout', () => request.destroy());
        request.on('error', () => resolve(undefined));
    });
}
