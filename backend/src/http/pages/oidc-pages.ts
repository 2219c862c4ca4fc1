import { escapeHtml, page } from './page-layout.js';

/** A single sign-on that ended without a session: why, and a way to try again. */
export function signInRefusedPage(message: string): string {
    return page('Sign-in failed', `<h1>Sign-in failed</h1>
<div class="card"><p class="error" role="alert" id="sign-in-refused">${escapeHtml(message)}</p>
<p>You are not signed in. <a href="/login">Back to sign-in</a></p></div>`);
}

/**
 * Signed out here; the browser goes on to the provider's logout. A page that navigates (rather than
 * a redirect of the sign-out form) keeps the gateway's `form-action 'self'`.
 */
export function providerSignOutPage(providerName: string, logoutUrl: URL): string {
    const href = escapeHtml(logoutUrl.href);
    return page('Signed out', `<h1>Signed out</h1>
<div class="card"><p role="status">You are signed out here. Signing you out at ${escapeHtml(providerName)} too…</p>
<p><a href="${href}" id="provider-logout">Continue to ${escapeHtml(providerName)}</a> · <a href="/login">Back to sign-in</a></p></div>`)
        .replace('</head>', `<meta http-equiv="refresh" content="0;url=${href}"></head>`);
}
