import type { IncomingMessage, ServerResponse } from 'node:http';
import { REGISTRY_SOCKET_PREFIX } from '@ide/sandbox-contract';
import { ProfileCatalog } from '../config/profiles.js';
import { KeyedRateLimit } from '../limits/keyed-rate-limit.js';
import { ExtensionStore } from './extension-store.js';
import { answerRegistryRequest } from './open-vsx-api.js';

/** Registry requests per sandbox: the Extensions view searches as the user types, then queries each result. */
const REQUEST_BURST = 100;
const REQUESTS_PER_SECOND = 20;

export const isRegistryPath = (path: string): boolean => path.startsWith(`${REGISTRY_SOCKET_PREFIX}/`);

/** Answers a sandbox's registry request (arrived on its gateway.sock) for its workspace's profile. */
export function registryForSandboxes(store: ExtensionStore, catalog: ProfileCatalog) {
    const rates = new KeyedRateLimit(REQUEST_BURST, REQUESTS_PER_SECOND);
    return async (req: IncomingMessage, res: ServerResponse, workspace: { id: string; profile: string }): Promise<void> => {
        if (rates.refuse(workspace.id, res, 'too many extension registry requests from this sandbox')) {
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
