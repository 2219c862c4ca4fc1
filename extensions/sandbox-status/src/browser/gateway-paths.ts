import { GATEWAY_PATH_PREFIX } from '@ide/sandbox-contract/lib/workspace-origin';

/**
 * The gateway answers its paths (GATEWAY_PATH_PREFIX) beside the IDE, at the IDE's own root: `/`
 * on a workspace's origin, `/w/<id>/` in path mode. So they are resolved against the page's base,
 * like the IDE's own URLs.
 */
export function gatewayUrl(path: `${typeof GATEWAY_PATH_PREFIX}/${string}`): string {
    return new URL(path.slice(1), document.baseURI).href;
}
