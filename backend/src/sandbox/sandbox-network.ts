import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { LABELS } from './container-spec.js';
import { SandboxStartError } from './sandbox-provider.js';

const run = promisify(execFile);

/** Private, link-local and carrier-grade NAT ranges: the LAN, cloud metadata, other hosts' services. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'];

export const egressNetworkName = (instance: string, workspaceId: string): string => `ide-${instance}-${workspaceId}-net`;
/** Linux interface names have at most 15 characters; workspace ids have 12. */
export const egressBridgeName = (workspaceId: string): string => `ib-${workspaceId}`;

/**
 * The `egress` network policy: each sandbox gets its own bridge, so it cannot reach another
 * sandbox; host firewall rules on that bridge drop traffic to the host itself (the gateway, the
 * Docker API) and to private address ranges. What is left is the public internet.
 */
export class SandboxNetworks {
    constructor(private readonly docker: Docker, private readonly instance: string) { }

    async ensure(workspaceId: string): Promise<string> {
        const name = egressNetworkName(this.instance, workspaceId);
        const bridge = egressBridgeName(workspaceId);
        const existing = await this.docker.listNetworks({ filters: { name: [name] } });
        if (!existing.some(network => network.Name === name)) {
            await this.docker.createNetwork({
                Name: name,
                Driver: 'bridge',
                Internal: false,
                Options: { 'com.docker.network.bridge.name': bridge, 'com.docker.network.bridge.enable_icc': 'false' },
                Labels: { [LABELS.managed]: 'true', [LABELS.instance]: this.instance, [LABELS.workspace]: workspaceId }
            });
        }
        await this.firewall(bridge, 'add');
        return name;
    }

    async remove(workspaceId: string): Promise<void> {
        await this.firewall(egressBridgeName(workspaceId), 'remove').catch(() => undefined);
        try {
            await this.docker.getNetwork(egressNetworkName(this.instance, workspaceId)).remove();
        } catch (error) {
            if ((error as { statusCode?: number }).statusCode !== 404) {
                throw error;
            }
        }
    }

    /** In the order they must apply: the host's DNS resolvers stay reachable (Docker's resolver forwards to them from the sandbox). */
    private async rules(bridge: string): Promise<string[][]> {
        const resolvers = (await readFile('/etc/resolv.conf', 'utf8').catch(() => ''))
            .split('\n').map(line => /^nameserver\s+(\d+\.\d+\.\d+\.\d+)\s*$/.exec(line.trim())?.[1]).filter((ip): ip is string => Boolean(ip) && !ip!.startsWith('127.'));
        return [
            ['INPUT', '-i', bridge, '-j', 'DROP'],
            ...resolvers.flatMap(ip => ['udp', 'tcp'].map(protocol => ['DOCKER-USER', '-i', bridge, '-d', ip, '-p', protocol, '--dport', '53', '-j', 'ACCEPT'])),
            ...PRIVATE_RANGES.map(range => ['DOCKER-USER', '-i', bridge, '-d', range, '-j', 'DROP'])
        ];
    }

    private async firewall(bridge: string, action: 'add' | 'remove'): Promise<void> {
        // Inserted at the top of their chain one by one, so the last inserted applies first.
        for (const [chain, ...rule] of (await this.rules(bridge)).reverse()) {
            const present = await run('iptables', ['-w', '-C', chain, ...rule]).then(() => true, () => false);
            try {
                if (action === 'add' && !present) {
                    await run('iptables', ['-w', '-I', chain, ...rule]);
                } else if (action === 'remove' && present) {
                    await run('iptables', ['-w', '-D', chain, ...rule]);
                }
            } catch (error) {
                throw new SandboxStartError(`the "egress" network policy needs the gateway to manage the host firewall (iptables as root on the Docker host): ${(error as Error).message.split('\n')[0]}`);
            }
        }
    }
}
