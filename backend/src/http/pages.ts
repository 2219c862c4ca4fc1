import { UserRecord } from '../store/records.js';
import { WorkspaceView } from '../workspaces/workspace-service.js';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
    return value.replace(/[&<>"']/g, char => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[char]!));
}

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1d2330}
main{max-width:860px;margin:40px auto;padding:0 16px}
h1{font-size:22px}.card{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:20px;margin-bottom:16px}
input,select,button{font:inherit;padding:6px 10px;border-radius:6px;border:1px solid #b9c0cc}
button{background:#2f6fde;color:#fff;border-color:#2f6fde;cursor:pointer}button.secondary{background:#fff;color:#1d2330}
button.danger{background:#fff;color:#b3261e;border-color:#b3261e}
table{width:100%;border-collapse:collapse}td,th{text-align:left;padding:8px 6px;border-bottom:1px solid #eceff3}
.error{color:#b3261e}.notice{color:#1b6e3c}.muted{color:#667085}header{display:flex;justify-content:space-between;align-items:center}
form.inline{display:inline}.state-running{color:#1b6e3c}.state-stopped,.state-absent{color:#667085}`;

export function page(title: string, body: string): string {
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
        `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function loginPage(options: { error?: string; next?: string; username?: string }): string {
    return page('Sign in', `
<h1>Sign in</h1>
<div class="card">
${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
<form method="post" action="/login">
  <input type="hidden" name="next" value="${escapeHtml(options.next ?? '/')}">
  <p><label>Username<br><input name="username" autocomplete="username" required value="${escapeHtml(options.username ?? '')}"></label></p>
  <p><label>Password<br><input name="password" type="password" autocomplete="current-password" required></label></p>
  <p><button type="submit">Sign in</button></p>
</form>
</div>`);
}

export function dashboardPage(user: UserRecord, workspaces: WorkspaceView[], profiles: string[], message?: { error?: string; notice?: string }): string {
    const rows = workspaces.map(workspace => `
<tr data-workspace="${escapeHtml(workspace.id)}">
  <td><a href="${workspace.url}">${escapeHtml(workspace.name)}</a></td>
  <td>${escapeHtml(workspace.profile)}</td>
  <td class="state-${workspace.sandbox.state}">${workspace.sandbox.state}</td>
  <td>
    <a href="${workspace.url}"><button type="button">Open</button></a>
    <form class="inline" method="post" action="/api/workspaces/${workspace.id}/stop"><button class="secondary" type="submit">Stop</button></form>
    <form class="inline" method="post" action="/api/workspaces/${workspace.id}/delete"
      onsubmit="return confirm('Delete workspace ${escapeHtml(workspace.name).replace(/&#39;/g, '')} and all its files?')"><button class="danger" type="submit">Delete</button></form>
  </td>
</tr>`).join('');
    return page('Workspaces', `
<header><h1>Workspaces</h1>
<form method="post" action="/logout"><span class="muted">${escapeHtml(user.username)}${user.isAdmin ? ' (admin)' : ''}</span> <button class="secondary" type="submit">Sign out</button></form></header>
${message?.error ? `<p class="error" role="alert">${escapeHtml(message.error)}</p>` : ''}
${message?.notice ? `<p class="notice" role="status">${escapeHtml(message.notice)}</p>` : ''}
<div class="card">
<form method="post" action="/api/workspaces">
  <label>New workspace <input name="name" placeholder="my-project" required maxlength="63"></label>
  <label>Profile <select name="profile">${profiles.map(name => `<option>${escapeHtml(name)}</option>`).join('')}</select></label>
  <button type="submit">Create</button>
</form>
</div>
<div class="card">
${workspaces.length ? `<table><thead><tr><th>Name</th><th>Profile</th><th>Sandbox</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
        : '<p class="muted">No workspaces yet. Create one above.</p>'}
</div>`);
}

/** Shown while a sandbox starts: asks the gateway to open it, shows progress, then loads the IDE. */
export function startingPage(workspaceName: string, workspaceId: string): string {
    return page(`Starting ${workspaceName}`, `
<h1>Starting ${escapeHtml(workspaceName)}…</h1>
<div class="card"><p id="status">Preparing your sandbox <span id="elapsed">0</span> s</p>
<noscript><meta http-equiv="refresh" content="3"></noscript></div>
<script>
const began = Date.now();
const tick = setInterval(() => { document.getElementById('elapsed').textContent = Math.round((Date.now() - began) / 1000); }, 500);
fetch('/api/workspaces/${workspaceId}/open', { method: 'POST', headers: { accept: 'application/json' } })
  .then(async response => {
    if (response.ok) { location.reload(); return; }
    const body = await response.json().catch(() => ({}));
    clearInterval(tick);
    const status = document.getElementById('status');
    status.className = 'error';
    status.textContent = 'Could not start the sandbox: ' + (body.error || response.statusText) + ' ';
    const back = document.createElement('a'); back.href = '/'; back.textContent = 'Back to workspaces'; status.append(back);
  });
</script>`);
}

export function errorPage(status: number, message: string): string {
    return page(`Error ${status}`, `<h1>${status === 404 ? 'Not found' : 'Something went wrong'}</h1>
<div class="card"><p class="error" role="alert">${escapeHtml(message)}</p><p><a href="/">Back to workspaces</a></p></div>`);
}
