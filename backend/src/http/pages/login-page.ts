import { escapeHtml, page } from './page-layout.js';

/** What the login page offers besides the password form: single sign-on (and whether it works now), password sign-in on or off. */
export interface LoginChoices {
    sso?: { name: string; unavailable?: string };
    /** False: the password form is only for the break-glass local admin. */
    passwordLogin: boolean;
}

export interface LoginPageOptions {
    error?: string;
    next?: string;
    username?: string;
}

export function loginPage(options: LoginPageOptions, choices: LoginChoices = { passwordLogin: true }): string {
    const next = options.next ?? '/';
    const passwordForm = `
<form method="post" action="/login">
  <input type="hidden" name="next" value="${escapeHtml(next)}">
  <p><label>Username<br><input name="username" autocomplete="username" required maxlength="128" value="${escapeHtml(options.username ?? '')}"></label></p>
  <p><label>Password<br><input name="password" type="password" autocomplete="current-password" required></label></p>
  <p><button type="submit">Sign in</button></p>
</form>`;
    const { sso } = choices;
    const ssoBlock = sso ? `
<p><a class="button" id="sso" href="/auth/oidc/login?next=${encodeURIComponent(next)}">Sign in with ${escapeHtml(sso.name)}</a></p>
${sso.unavailable ? `<p class="error" id="sso-unavailable">${escapeHtml(sso.unavailable)}</p>` : ''}` : '';
    return page('Sign in', `
<h1>Sign in</h1>
<div class="card">
${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
${ssoBlock}
${choices.passwordLogin ? `${sso ? '<p class="muted">or with a local account:</p>' : ''}${passwordForm}`
        : `<details${options.username ? ' open' : ''}><summary class="muted">Local admin (when single sign-on is down)</summary>${passwordForm}</details>`}
</div>`);
}
