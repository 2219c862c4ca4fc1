import * as os from 'os';
import { SandboxInfo } from '../common/sandbox-status-protocol';

/** Reads the sandbox facts from the process and the environment the gateway set. */
export function readSandboxInfo(env: NodeJS.ProcessEnv = process.env): SandboxInfo {
    return {
        hostname: os.hostname(),
        uid: typeof process.getuid === 'function' ? process.getuid() : -1,
        workspaceName: env.IDE_WORKSPACE_NAME ?? '',
        profile: env.IDE_PROFILE ?? '',
        dashboardUrl: env.IDE_DASHBOARD_URL || '/'
    };
}
