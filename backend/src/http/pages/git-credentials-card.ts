import { GitCredentialView } from '../../workspaces/git/git-credentials.js';
import { formError, formValue, FormState } from './form-state.js';
import { escapeHtml } from './page-layout.js';

export const GIT_CREDENTIAL_FORM = 'git-credential';

/** The dashboard's card of stored Git tokens: hosts and usernames only, the tokens themselves never shown again. */
export function gitCredentialsCard(credentials: GitCredentialView[], form: FormState | undefined): string {
    const rows = credentials.map(credential => `
<tr data-git-credential="${escapeHtml(credential.id)}">
  <td>${escapeHtml(credential.host)}</td><td>${escapeHtml(credential.username)}</td>
  <td>${escapeHtml(credential.createdAt.slice(0, 10))}</td><td>${escapeHtml(credential.lastUsedAt?.slice(0, 10) ?? 'never')}</td>
  <td><form class="inline" method="post" action="/api/git-credentials/${escapeHtml(credential.id)}/delete"><button class="danger" type="submit" aria-label="Delete the token for ${escapeHtml(credential.host)}">Delete</button></form></td>
</tr>`).join('');
    return `<div class="card"><h2>Git credentials</h2>
<p class="muted">A personal access token for a Git host lets a new workspace be cloned from a private repository on it. It is stored encrypted and never shown again.</p>
<form method="post" action="/api/git-credentials" id="${GIT_CREDENTIAL_FORM}">
  ${formError(form, GIT_CREDENTIAL_FORM)}
  <label>Host <input name="host" placeholder="github.com" required maxlength="260" value="${escapeHtml(formValue(form, GIT_CREDENTIAL_FORM, 'host'))}"></label>
  <label>Username <input name="username" placeholder="git" maxlength="100" value="${escapeHtml(formValue(form, GIT_CREDENTIAL_FORM, 'username'))}"></label>
  <label>Token <input name="token" type="password" required maxlength="1024" autocomplete="off"></label>
  <button type="submit">Store token</button>
</form>
${credentials.length ? `<table><thead><tr><th>Host</th><th>Username</th><th>Stored</th><th>Last used</th><th></th></tr></thead><tbody>${rows}</tbody></table>` : ''}
</div>`;
}
