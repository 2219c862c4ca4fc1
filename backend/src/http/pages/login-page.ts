import { escapeHtml, page } from './page-layout.js';

export function loginPage(options: { error?: string; next?: string; username?: string }): string {
    return page('Sign in', `
<h1>Sign in</h1>
<div class="card">
${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
<form method="post" action="/login">
  <input type="hidden" name="next" value="${escapeHtml(options.next ?? '/')}">
  <p><label>Username<br><input name="username" autocomplete="username" required maxlength="128" value="${escapeHtml(options.username ?? '')}"></label></p>
  <p><label>Password<br><input name="password" type="password" autocomplete="current-password" required></label></p>
  <p><button type="submit">Sign in</button></p>
</form>
</div>`);
}
