/*
 * Paths on a workspace's own origin (`<id>.<IDE_WORKSPACE_DOMAIN>`) that the gateway answers itself;
 * everything else there is the sandbox's IDE. The IDE's frontend links to them.
 */

export const GATEWAY_PATH_PREFIX = '/.gateway';
/** Exchanges a one-use ticket from the gateway's origin for this workspace's session cookie. */
export const TICKET_EXCHANGE_PATH = `${GATEWAY_PATH_PREFIX}/enter`;
/** Starts the sandbox (POST) while the "Starting…" page waits. */
export const OPEN_SANDBOX_PATH = `${GATEWAY_PATH_PREFIX}/open`;
/** Sends the browser back to the dashboard on the gateway's origin. */
export const DASHBOARD_REDIRECT_PATH = `${GATEWAY_PATH_PREFIX}/dashboard`;
/** GET: the sandbox's state for the tab (running, starting with its progress, stopped and why, deleted) and when it stops for idleness. */
export const SANDBOX_STATUS_PATH = `${GATEWAY_PATH_PREFIX}/status`;
/** POST: the user is working in this tab (sent at most once a minute while there is input). */
export const ACTIVITY_PATH = `${GATEWAY_PATH_PREFIX}/activity`;
/** GET `<prefix><port>/…`: the IDE's way to a port's preview (a redirect with a ticket to the port's origin). */
export const PORT_PREVIEW_PREFIX = `${GATEWAY_PATH_PREFIX}/ports/`;
