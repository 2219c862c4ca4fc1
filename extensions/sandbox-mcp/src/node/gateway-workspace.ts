import * as http from 'http';

/** Which workspace this sandbox serves, as the gateway tells it (nothing of it is baked into the container). */
export interface GatewayWorkspace {
    id: string;
    name: string;
    profile: string;
    /** The owner's username. */
    owner: string;
}

/** GET /v1/ide/workspace on the gateway's socket; undefined without a gateway (a bare runtime) or when it does not answer. */
export function askGatewayForWorkspace(socketPath: string | undefined = process.env.IDE_GATEWAY_SOCKET): Promise<GatewayWorkspace | undefined> {
    if (!socketPath) {
        return Promise.resolve(undefined);
    }
    return new Promise(resolve => {
        const request = http.get({ socketPath, path: '/v1/ide/workspace', timeout: 3000 }, response => {
            let body = '';
            response.setEncoding('utf8').on('data', chunk => body += chunk).on('end', () => {
                try {
                    resolve(response.statusCode === 200 ? JSON.parse(body) as GatewayWorkspace : undefined);
                } catch {
                    resolve(undefined);
                }
            });
        });
        request.on('timeout', () => request.destroy());
        request.on('error', () => resolve(undefined));
    });
}
