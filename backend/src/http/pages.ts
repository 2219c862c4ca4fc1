import type { SandboxStatusReport } from '@ide/sandbox-contract';
import { ToolCallAudit } from '../audit/audit-log.js';
import { UserRecord } from '../store/records.js';
import { TokenView } from '../tokens/api-tokens.js';
import { WorkspaceView } from '../workspaces/workspace-service.js';
import { GitCredentialView } from '../workspaces/git/git-credentials.js';
import { gitCredentialsCard } from './git-credentials-card.js';
import { workspaceSourceSummary } from './workspace-source-summary.js';

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
form.inline{display:inline}a.button{display:inline-block;background:#2f6fde;color:#fff;padding:6px 14px;border-radius:6px;text-decoration:none}.state-running{color:#1b6e3c}.state-stopped,.state-absent{color:#667085}`;

export function page(title: string, body: string): string {
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
        `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

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
  <p><label>Username<br><input name="username" autocomplete="username" required value="${escapeHtml(options.username ?? '')}"></label></p>
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

export interface DashboardModel {
    user: UserRecord;
    workspaces: WorkspaceView[];
    profiles: string[];
    tokens: TokenView[];
    agentCalls: ToolCallAudit[];
    newToken?: string;
    gitCredentials: GitCredentialView[];
    mcpUrl: string;
    message?: { error?: string; notice?: string };
}

/** Which of a workspace's port previews other signed-in users may open (the owner always may). */
function portSharingForm(workspace: WorkspaceView): string {
    const shared = workspace.sharedPorts.map(port => `
  <form class="inline" method="post" action="/api/workspaces/${workspace.id}/ports"><input type="hidden" name="port" value="${port}"><input type="hidden" name="sharing" value="private">
    <a href="/w/${workspace.id}/port/${port}/">${port}</a> shared <button class="secondary" type="submit" aria-label="Make port ${port} private">Make private</button></form>`).join('');
    return `${shared}
  <form class="inline" method="post" action="/api/workspaces/${workspace.id}/ports"><input type="hidden" name="sharing" value="signed-in">
    <label>Share port <input name="port" type="number" min="1024" max="65535" required style="width:6em"></label> with every signed-in user <button class="secondary" type="submit">Share</button></form>`;
}

export function dashboardPage(model: DashboardModel): string {
    const { user, workspaces, message } = model;
    const rows = workspaces.map(workspace => `
<tr data-workspace="${escapeHtml(workspace.id)}">
  <td><a href="${workspace.url}">${escapeHtml(workspace.name)}</a><br><code class="muted">${escapeHtml(workspace.id)}</code></td>
  <td>${escapeHtml(workspace.profile)}${workspaceSourceSummary(workspace)}</td>
  <td class="state-${workspace.sandbox.state}">${workspace.sandbox.state}</td>
  <td>
    <a href="${workspace.url}"><button type="button">Open</button></a>
    <form class="inline" method="post" action="/api/workspaces/${workspace.id}/stop"><button class="secondary" type="submit">Stop</button></form>
    <details class="inline"><summary>Ports</summary>${portSharingForm(workspace)}</details>
    <form class="inline" method="post" action="/api/workspaces/${workspace.id}/delete"
      onsubmit="return confirm('Delete workspace ${escapeHtml(workspace.name).replace(/&#39;/g, '')} and all its files?')"><button class="danger" type="submit">Delete</button></form>
  </td>
</tr>`).join('');
    return page('Workspaces', `
<header><h1>Workspaces</h1>
<form method="post" action="/logout">${user.isAdmin ? '<a href="/admin">Admin</a> · ' : ''}<span class="muted">${escapeHtml(user.username)}${user.isAdmin ? ' (admin)' : ''}</span> <button class="secondary" type="submit">Sign out</button></form></header>
${message?.error ? `<p class="error" role="alert">${escapeHtml(message.error)}</p>` : ''}
${message?.notice ? `<p class="notice" role="status">${escapeHtml(message.notice)}</p>` : ''}
<div class="card">
<form method="post" action="/api/workspaces">
  <label>New workspace <input name="name" placeholder="my-project" required maxlength="63"></label>
  <label>Profile <select name="profile">${model.profiles.map(name => `<option>${escapeHtml(name)}</option>`).join('')}</select></label>
  <label>Git repository <input name="gitUrl" type="url" placeholder="https://github.com/owner/project.git (optional)" maxlength="2048" style="width:24em"></label>
  <label>Branch <input name="branch" placeholder="default" maxlength="200" style="width:8em"></label>
  <button type="submit">Create</button>
</form>
</div>
<div class="card">
${workspaces.length ? `<table><thead><tr><th>Name</th><th>Profile</th><th>Sandbox</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
        : '<p class="muted">No workspaces yet. Create one above.</p>'}
</div>
${tokensCard(model)}
${gitCredentialsCard(model.gitCredentials)}
${agentCallsCard(model.agentCalls)}`);
}

function tokensCard({ tokens, workspaces, newToken, mcpUrl }: DashboardModel): string {
    const workspaceName = (id?: string): string => id ? escapeHtml(workspaces.find(workspace => workspace.id === id)?.name ?? id) : 'all workspaces';
    const rows = tokens.map(token => `
<tr data-token="${escapeHtml(token.id)}">
  <td>${escapeHtml(token.name)}<br><code class="muted">${escapeHtml(token.hint)}…</code></td>
  <td>${workspaceName(token.workspaceId)}${token.readOnly ? ', read-only' : ''}</td>
  <td>${escapeHtml(token.createdAt.slice(0, 10))}</td>
  <td>${token.lastUsedAt ? escapeHtml(token.lastUsedAt.replace('T', ' ').slice(0, 16)) : '<span class="muted">never</span>'}</td>
  <td>${token.expiresAt ? escapeHtml(token.expiresAt.slice(0, 10)) : '<span class="muted">never</span>'}</td>
  <td><form class="inline" method="post" action="/api/tokens/${escapeHtml(token.id)}/revoke"><button class="danger" type="submit">Revoke</button></form></td>
</tr>`).join('');
    return `
<div class="card">
<h2>Agent tokens (MCP)</h2>
<p class="muted">Agents connect to <code>${escapeHtml(mcpUrl)}/&lt;workspace&gt;</code> with <code>Authorization: Bearer &lt;token&gt;</code>.</p>
${newToken ? `<p class="notice" role="status">New token — copy it now, it is not shown again:<br><code id="new-token">${escapeHtml(newToken)}</code></p>` : ''}
<form method="post" action="/api/tokens">
  <label>Name <input name="name" placeholder="claude-code" required maxlength="64"></label>
  <label>Workspace <select name="workspaceId"><option value="">all my workspaces</option>${workspaces.map(workspace => `<option value="${escapeHtml(workspace.id)}">${escapeHtml(workspace.name)}</option>`).join('')}</select></label>
  <label><input type="checkbox" name="readOnly"> read-only</label>
  <label>Expires in <input name="expiresInDays" type="number" min="1" max="366" placeholder="never" style="width:6em"> days</label>
  <button type="submit">Create token</button>
</form>
${tokens.length ? `<table><thead><tr><th>Name</th><th>Reaches</th><th>Created</th><th>Last used</th><th>Expires</th><th></th></tr></thead><tbody>${rows}</tbody></table>` : ''}
</div>`;
}

function agentCallsCard(calls: ToolCallAudit[]): string {
    if (!calls.length) {
        return '';
    }
    const rows = calls.map(call => `<tr><td>${escapeHtml(call.at.replace('T', ' ').slice(0, 19))}</td><td>${escapeHtml(call.tokenName)}</td><td>${escapeHtml(call.workspaceId)}</td>` +
        `<td>${escapeHtml(call.tool)}</td><td>${call.durationMs} ms</td><td class="${call.outcome === 'ok' ? 'notice' : 'error'}">${escapeHtml(call.outcome)}</td></tr>`).join('');
    return `<div class="card"><h2>Recent agent tool calls</h2><table><thead><tr><th>When</th><th>Token</th><th>Workspace</th><th>Tool</th><th>Took</th><th>Outcome</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/**
 * Shown in place of the IDE while its sandbox is not running: the steps of a start as they happen,
 * or why it stopped or failed, with Start and Back to the dashboard. It asks `urls.status` until
 * the sandbox runs, then loads the IDE. Nothing starts without the user (or the dashboard's Open).
 */
export function workspaceStatusPage(workspaceName: string, status: SandboxStatusReport, urls: { status: string; open: string; dashboard: string }): string {
    return page(`${workspaceName}: ${status.state}`, `
<h1 id="workspace-title">${escapeHtml(workspaceName)}</h1>
<div class="card">
<p id="workspace-status" role="status"></p>
<ol id="steps" class="muted"></ol>
<p id="workspace-error" class="error" role="alert" hidden></p>
<p><button type="button" id="start" hidden>Start</button> <a href="${escapeHtml(urls.dashboard)}">Back to the dashboard</a></p>
<noscript><p>This page needs JavaScript to follow the start; <a href="">reload</a> to see where it is.</p></noscript>
</div>
<script>
const urls = ${JSON.stringify(urls).replace(/</g, '\\u003c')};
const statusLine = document.getElementById('workspace-status');
const stepsList = document.getElementById('steps');
const errorLine = document.getElementById('workspace-error');
const startButton = document.getElementById('start');
let polling;
function render(status) {
  const seconds = ms => (ms / 1000).toFixed(1) + ' s';
  stepsList.replaceChildren(...(status.steps || []).map(step => Object.assign(document.createElement('li'), { textContent: step.label + ' (' + seconds(step.atMs) + ')' })));
  errorLine.hidden = !status.error;
  errorLine.textContent = status.error ? 'It could not start: ' + status.error : '';
  startButton.hidden = status.state === 'starting' || status.state === 'running';
  startButton.textContent = status.state === 'failed' ? 'Try again' : 'Start';
  statusLine.textContent = {
    starting: 'Starting its sandbox…',
    running: 'Ready: loading the IDE…',
    stopped: 'This workspace was stopped' + (status.stoppedBecause ? ' (' + status.stoppedBecause + ')' : '') + '.',
    failed: 'This workspace could not start.',
    deleted: 'This workspace was deleted.'
  }[status.state] || status.state;
}
async function poll() {
  clearTimeout(polling);
  try {
    const response = await fetch(urls.status, { headers: { accept: 'application/json' } });
    const status = await response.json();
    render(status);
    if (status.state === 'running') { location.reload(); return; }
    if (status.state !== 'starting') { return; }
  } catch (error) { statusLine.textContent = 'Waiting for the gateway…'; }
  polling = setTimeout(poll, 700);
}
startButton.addEventListener('click', () => {
  render({ state: 'starting', steps: [] });
  fetch(urls.open, { method: 'POST', headers: { accept: 'application/json' } }).catch(() => undefined);
  polling = setTimeout(poll, 300);
});
render(${JSON.stringify(status).replace(/</g, '\\u003c')});
if (${JSON.stringify(status.state)} === 'starting' || ${JSON.stringify(status.state)} === 'running') { poll(); }
</script>`);
}

export function errorPage(status: number, message: string, dashboardUrl = '/'): string {
    return page(`Error ${status}`, `<h1>${status === 404 ? 'Not found' : 'Something went wrong'}</h1>
<div class="card"><p class="error" role="alert">${escapeHtml(message)}</p><p><a href="${escapeHtml(dashboardUrl)}">Back to workspaces</a></p></div>`);
}
