import { execFileSync } from 'node:child_process';
import { containerName } from './ide-session';

/** Runs a shell script in the workspace's sandbox as its user, in /workspace; returns its output. */
export function execInSandbox(workspaceId: string, script: string): string {
    return execFileSync('docker', ['exec', '-u', '1000', '-w', '/workspace', containerName(workspaceId), 'bash', '-euc', script]).toString();
}
