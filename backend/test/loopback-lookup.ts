import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';

/** `*.localhost` is loopback (Chromium resolves it so); Node's resolver on this machine does not know that. */
export const loopbackLookup: LookupFunction = (hostname, options, callback) => {
    if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
        if ((options as { all?: boolean }).all) {
            (callback as unknown as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
        } else {
            callback(null, '127.0.0.1', 4);
        }
        return;
    }
    dnsLookup(hostname, options, callback);
};
