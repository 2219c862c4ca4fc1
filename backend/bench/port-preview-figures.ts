import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { DEV_SERVER_SCRIPT } from '@ide/test-support';
import { enterWorkspace, get } from './proxy-figures.js';
import { median, percentile, report } from './report.js';

const run = promisify(execFile);
const PORT = 3000;
const BODY_BYTES = 64 * 1024 * 1024;

async function startDevServer(container: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
        const child = spawn('docker', ['exec', '-i', container, 'sh', '-c', 'cat > /tmp/dev-server.js'], { stdio: ['pipe', 'ignore', 'inherit'] });
        child.on('exit', code => code === 0 ? resolve() : reject(new Error(`writing the dev server exited ${code}`)));
        child.stdin.end(DEV_SERVER_SCRIPT);
    });
    await run('docker', ['exec', '-d', container, 'node', '/tmp/dev-server.js', String(PORT)]);
    await new Promise(resolve => setTimeout(resolve, 1000));
}

/** Seconds curl takes for the body on the sandbox's own loopback: the server's speed without the gateway. */
async function directSeconds(container: string): Promise<number> {
    const { stdout } = await run('docker', ['exec', container, 'curl', '-s', '-o', '/dev/null', '-w', '%{time_total}', `http://127.0.0.1:${PORT}/bytes?n=${BODY_BYTES}`]);
    return Number(stdout);
}

/**
 * A dev server's preview through the gateway (browser → gateway → ports tunnel → sandbox loopback):
 * request latency, and download speed beside the same download on the sandbox's own loopback
 * (interleaved, so both see the same machine load).
 */
export async function portPreviewFigures(gatewayBase: string, cookie: string, workspaceId: string, container: string, rounds = 5): Promise<void> {
    await startDevServer(container);
    const entry = await enterWorkspace(gatewayBase, cookie, workspaceId, `/port/${PORT}/`);
    const latencies: number[] = [];
    const viaGateway: number[] = [];
    const direct: number[] = [];
    for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < 100; i++) {
            const began = performance.now();
            const reply = await get(`${entry.base}/`, { cookie: entry.cookie });
            if (reply.status !== 200) {
                throw new Error(`port preview: ${reply.status}`);
            }
            latencies.push(performance.now() - began);
        }
        const began = performance.now();
        const body = await get(`${entry.base}/bytes?n=${BODY_BYTES}`, { cookie: entry.cookie });
        if (body.body.length !== BODY_BYTES) {
            throw new Error(`port preview download: ${body.body.length} bytes`);
        }
        viaGateway.push((performance.now() - began) / 1000);
        direct.push(await directSeconds(container));
    }
    const mbps = (seconds: number): number => BODY_BYTES / 1024 / 1024 / seconds;
    report('port preview request', `${median(latencies).toFixed(2)} ms`, `(p50; p99 ${percentile(latencies, 0.99).toFixed(2)} ms; GET / of a dev server in the sandbox, ${latencies.length} sequential requests)`);
    report('port preview download', `${mbps(median(viaGateway)).toFixed(0)} MiB/s`,
        `(64 MiB through the gateway; ${mbps(median(direct)).toFixed(0)} MiB/s on the sandbox's own loopback, ratio ${(median(direct) / median(viaGateway)).toFixed(2)}; median of ${rounds})`);
}
