import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { forbidden, unprocessable } from '../../errors/domain-error.js';

/** Where git is told to connect for a host (`http.curloptResolve`), so a second DNS answer cannot send it elsewhere. */
export interface PinnedHost {
    hostname: string;
    port: number;
    address: string;
}

/**
 * Which Git servers the gateway may clone from. The gateway sits inside the team's network, so a
 * URL is a request the gateway makes on the user's behalf: by default only to hosts whose every
 * address is public (no loopback, private, link-local, CGNAT or metadata address); an admin lists
 * internal servers (IDE_GIT_HOSTS) to allow them, and then only they are allowed. The address
 * checked is the one git connects to.
 */
export class GitHostPolicy {
    constructor(private readonly allowedHosts: string[]) { }

    async pin(url: URL): Promise<PinnedHost> {
        const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
        const hostname = url.hostname.replace(/^\[|\]$/g, '');
        const listed = this.allowedHosts.length > 0;
        if (listed && !this.allowedHosts.includes(url.host.toLowerCase()) && !this.allowedHosts.includes(hostname.toLowerCase())) {
            throw forbidden(`cloning from ${url.host} is not allowed on this server (allowed: ${this.allowedHosts.join(', ')}); ask an admin`);
        }
        let addresses: { address: string }[];
        try {
            addresses = ipaddr.isValid(hostname) ? [{ address: hostname }] : await lookup(hostname, { all: true });
        } catch {
            throw unprocessable(`cannot resolve ${hostname}: check the repository URL`);
        }
        if (!listed) {
            const internal = addresses.find(({ address }) => ipaddr.process(address).range() !== 'unicast');
            if (internal) {
                throw forbidden(`${hostname} is an internal address (${internal.address}); an admin allows internal Git servers with IDE_GIT_HOSTS`);
            }
        }
        return { hostname, port, address: addresses[0].address };
    }
}
