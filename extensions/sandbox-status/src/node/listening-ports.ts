import * as fs from 'fs/promises';

/** TCP state LISTEN in /proc/net/tcp{,6}. */
const LISTEN = '0A';

/** The local ports in LISTEN state in this network namespace (the sandbox's: it has its own). */
export async function listeningPorts(): Promise<number[]> {
    const ports = new Set<number>();
    for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
        const table = await fs.readFile(file, 'utf8').catch(() => '');
        for (const line of table.split('\n').slice(1)) {
            const [, local, , state] = line.trim().split(/\s+/);
            if (state === LISTEN && local) {
                ports.add(parseInt(local.split(':')[1], 16));
            }
        }
    }
    return [...ports].sort((a, b) => a - b);
}

/** The range the kernel hands out for outgoing and unnamed sockets (debug adapters, language servers): not worth announcing. */
export async function ephemeralPorts(): Promise<{ low: number; high: number }> {
    const [low, high] = (await fs.readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').catch(() => '32768 60999')).trim().split(/\s+/).map(Number);
    return { low: low || 32768, high: high || 60999 };
}
