/*
 * The gateway's curated extension registry, as a sandbox reaches it. Theia's vsx-registry talks to an
 * Open VSX server from the IDE backend, inside the sandbox, which has no network: the sandbox runtime
 * listens on REGISTRY_RELAY_URL (its own loopback) and relays each GET to the gateway's gateway.sock
 * under REGISTRY_SOCKET_PREFIX. The gateway answers as the workspace owner, from its own store.
 */

/** The VS Code API version Theia 1.74.1's plugin host implements; an extension's `engines.vscode` must allow it. */
export const VSCODE_API_VERSION = '1.130.0';

export const REGISTRY_RELAY_PORT = 30998;
/** Theia's VSX_REGISTRY_URL in every sandbox; also the base of the download links the gateway writes. */
export const REGISTRY_RELAY_URL = `http://127.0.0.1:${REGISTRY_RELAY_PORT}`;
/** Where the relay sends `/api/...` on gateway.sock. */
export const REGISTRY_SOCKET_PREFIX = '/v1/extensions';

/** The Open VSX API paths Theia calls (note `v2` for the query). */
export const REGISTRY_SEARCH_PATH = '/api/-/search';
export const REGISTRY_QUERY_PATH = '/api/v2/-/query';
/** `/api/<namespace>/<name>/<version>/file/<file>`: the .vsix itself or the icon. */
export const REGISTRY_FILE_PATH = /^\/api\/([a-z0-9][a-z0-9-]{0,62})\/([a-z0-9][a-z0-9._-]{0,127})\/([0-9A-Za-z.+-]{1,64})\/file\/([A-Za-z0-9._-]{1,200})$/;
export const REGISTRY_ICON_FILE = 'icon';

/** Pinned extensions of the sandbox's profile: one read-only folder each, given to Theia as built-ins. */
export const PINNED_EXTENSIONS_DIR = '/opt/ide-pinned';
/**
 * Theia's config dir (settings and the user's own installs, `deployedPlugins`): on the workspace volume so
 * installs survive a stop, outside the project's files (hidden from the explorer, ignored by git).
 */
export const IDE_USER_DIR_NAME = '.theia-user';
