import type { IncomingMessage, ServerResponse } from 'node:http';
import { REGISTRY_SOCKET_PREFIX } from '@ide/sandbox-contract';
import { ProfileCatalog } from '../config/profiles.js';
import { sendJson } from '../http/send-json.js';
import { TokenBucket } from '../limits/token-bucket.js';
import { ExtensionStore } from './extension-store.js';
import { answerRegistryRequest } from './open-vsx-api.js';

/** Registry requests per sandbox: the Extensions view searches as the user types, then queries each result. */
const REQUEST_BURST = 100;
const REQUESTS_PER_SECOND = 20;

export const isRegistryPath = (path: string): boolean => path.startsWith(`${REGISTRY_SOCKET_PREFIX}/`);

/** Answers a sandbox's registry request (arrived on its gateway.sock) for its workspace's profile. */
export function registryForSandboxes(store: ExtensionStore, catalog: ProfileCatalog) {
    const rates = new Map<string, TokenBucket>();
    return async (req: IncomingMessage, res: ServerResponse, workspace: { id: string; profile: string }): Promise<void> => {
        let rate = rates.get(workspace.id);
        if (!rate) {
            rate = new TokenBucket(REQUEST_BURST, REQUESTS_PER_SECOND);
            rates.set(workspace.id, rate);
        }
        if (!rate.take()) {
            res.setHeader('retry-after', String(rate.retryAfterSeconds));
            sendJson(res, 429, { error: 'too many extension registry requests from this sandbox' });
            return;
        }
        const profile = catalog.profiles.get(workspace.profile);
        const path = (req.url ?? '').split('?')[0].slice(REGISTRY_SOCKET_PREFIX.length);
        await answerRegistryRequest(store, path, req, res, {
            allowUserExtensions: profile?.allowUserExtensions ?? false,
            pinned: new Set(profile?.pinnedExtensions.map(pin => pin.split('@')[0]) ?? [])
        });
    };
}
