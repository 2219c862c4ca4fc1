import { ACTIVITY_PATH, DASHBOARD_REDIRECT_PATH, OPEN_SANDBOX_PATH, SANDBOX_STATUS_PATH } from '@ide/sandbox-contract/lib/workspace-origin';

/**
 * The gateway answers these beside the IDE, at the IDE's own root: `/` on a workspace's origin,
 * `/w/<id>/` in path mode. So they are resolved against the page's base, like the IDE's own URLs.
 */
export function gatewayUrl(path: typeof SANDBOX_STATUS_PATH | typeof ACTIVITY_PATH | typeof OPEN_SANDBOX_PATH | typeof DASHBOARD_REDIRECT_PATH): string {
    return new URL(path.slice(1), document.baseURI).href;
}
