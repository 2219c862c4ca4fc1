import * as http from 'http';
import { WORKSPACE_INFO_PATH, WorkspaceInfo, workspaceInfoSchema } from './gateway-api';
import { GATEWAY_SOCKET_ENV } from './sockets';

/** GET WORKSPACE_INFO_PATH on the gateway's socket; undefined without a gateway (a bare runtime), or when it does not answer or is not yet assigned. */
export function askGatewayForWorkspace(socketPath: string | undefined = process.env[GATEWAY_SOCKET_ENV]): Promise<WorkspaceInfo | undefined> {
    if (!socketPath) {
        return Promise.resolve(undefined);
    }
    return new Promise(resolve => {
        const request = http.get({ socketPath, path: WORKSPACE_INFO_PATH, timeout: 3000 }, response => {
            let body = '';
            response.setEncoding('utf8').on('data', chunk => body += chunk).on('end', () => {
                try {
                    resolve(response.statusCode === 200 ? workspaceInfoSchema.parse(JSON.parse(body)) : undefined);
                } catch {
                    resolve(undefined);
                }
            });
        });
        request.on('timeout', () => request.destroy());
        request.on('error', () => resolve(undefined));
    });
}
