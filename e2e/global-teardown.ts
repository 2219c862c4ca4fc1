import { execFileSync } from 'node:child_process';
import { INSTANCE } from './playwright.config';

/** Removes the sandboxes and workspace volumes the e2e run made. */
export default function globalTeardown(): void {
    const label = `io.theia-sandbox-ide.instance=${INSTANCE}`;
    const containers = execFileSync('docker', ['ps', '-aq', '--filter', `label=${label}`]).toString().split('\n').filter(Boolean);
    if (containers.length) {
        execFileSync('docker', ['rm', '-f', ...containers]);
    }
    const volumes = execFileSync('docker', ['volume', 'ls', '-q', '--filter', `label=${label}`]).toString().split('\n').filter(Boolean);
    if (volumes.length) {
        execFileSync('docker', ['volume', 'rm', ...volumes]);
    }
}
