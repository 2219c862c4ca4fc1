import * as os from 'os';
import { GATEWAY_SOCKET_ENV } from '@ide/sandbox-contract';
import { askGatewayForWorkspace } from '@ide/sandbox-contract/lib/gateway-workspace-client';
import { SandboxInfo } from '../common/sandbox-status-protocol';

/** Reads the sandbox facts from the process, the environment, and the gateway (which workspace it serves). */
export async function readSandboxInfo(env: NodeJS.ProcessEnv = process.env): Promise<SandboxInfo> {
    const workspace = await askGatewayForWorkspace(env[GATEWAY_SOCKET_ENV]);
    return {
        hostname: os.hostname(),
        uid: typeof process.getuid === 'function' ? process.getuid() : -1,
        workspaceName: workspace?.name ?? '',
        profile: workspace?.profile ?? env.IDE_PROFILE ?? ''
    };
}
