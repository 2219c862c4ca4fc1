import { ToolCallAudit } from '../../audit/audit-log.js';
import { UserRecord } from '../../store/records.js';
import { WorkspaceView } from '../../workspaces/workspace-service.js';
import { formError, formValue, FormState, selectedIf } from './form-state.js';
import { page, pageMessages, text } from './page-layout.js';
import { tokenCard, TokenCardModel } from './token-card.js';
import { GitCredentialView } from '../../workspaces/git/git-credentials.js';
import { gitCredentialsCard } from './git-credentials-card.js';
import { workspaceSourceSummary } from './workspace-source-summary.js';

export interface DashboardModel extends TokenCardModel {
    user: UserRecord;
    /** The profiles this user may start, with what each is for. */
    profiles: { name: string; description: string }[];
    defaultProfile: string;
    agentCalls: ToolCallAudit[];
    gitCredentials: GitCredentialView[];
    message?: { error?: string; notice?: string };
}

const CREATE = 'create-workspace';

/** Which of a workspace's port previews other signed-in users may open (the owner always may). */
function portSharingForm(workspace: WorkspaceView, form: FormState | undefined): string {
    const formId = `ports-${workspace.id}`;
    const shared = workspace.sharedPorts.map(port => `
  <form class="inline" method="post" action="/api/workspaces/${workspace.id}/ports"><input type="hidden" name="port" value="${port}"><input type="hidden" name="sharing" value="private">
    <a href="/w/${workspace.id}/port/${port}/">${port}</a> shared <button class="secondary" type="submit" aria-label="Make port ${port} private">Make private</button></form>`).join('');
    return `${shared}
  <form class="inline" method="post" action="/api/workspaces/${workspace.id}/ports" id="${formId}"><input type="hidden" name="sharing" value="signed-in">
    ${formError(form, formId)}<label>Share port <input name="port" type="number" min="1024" max="65535" required style="width:6em" value="${text(formValue(form, formId, 'port'))}"></label> with every signed-in user <button class="secondary" type="submit">Share</button></form>`;
}

function createWorkspaceForm({ profiles, defaultProfile, form }: DashboardModel): string {
    const options = profiles.map(profile => `<option value="${text(profile.name)}"${selectedIf(form, CREATE, 'profile', profile.name, profile.name === defaultProfile)}>` +
        `${text(profile.name)}${profile.description ? ` — ${text(profile.description)}` : ''}</option>`).join('');
    return `<form method="post" action="/api/workspaces" id="${CREATE}">
  ${formError(form, CREATE)}
  <label>New workspace <input name="name" placeholder="my-project" required maxlength="63" value="${text(formValue(form, CREATE, 'name'))}"></label>
  <label>Profile <select name="profile">${options}</select></label>
  <label>Git repository <input name="gitUrl" type="url" placeholder="https://github.com/owner/project.git (optional)" maxlength="2048" style="width:24em" value="${text(formValue(form, CREATE, 'gitUrl'))}"></label>
  <label>Branch <input name="branch" placeholder="default" maxlength="200" style="width:8em" value="${text(formValue(form, CREATE, 'branch'))}"></label>
  <button type="submit">Create</button>
</form>`;
}

export function dashboardPage(model: DashboardModel): string {
    const { user, workspaces, message, form } = model;
    const rows = workspaces.map(workspace => `
<tr data-workspace="${text(workspace.id)}">
  <td><a href="${workspace.url}">${text(workspace.name)}</a><br><code class="muted">${text(workspace.id)}</code></td>
  <td>${text(workspace.profile)}${workspaceSourceSummary(workspace)}</td>
  <td class="state-${workspace.sandbox.state}">${workspace.sandbox.state}</td>
  <td>
    <a href="${workspace.url}"><button type="button">Open</button></a>
    <form class="inline" method="post" action="/api/workspaces/${workspace.id}/stop"><button class="secondary" type="submit">Stop</button></form>
    <details class="inline"${form?.form === `ports-${workspace.id}` ? ' open' : ''}><summary>Ports</summary>${portSharingForm(workspace, form)}</details>
    <form class="inline" method="post" action="/api/workspaces/${workspace.id}/delete"
      data-confirm="Delete workspace ${text(workspace.name)} and all its files?"><button class="danger" type="submit">Delete</button></form>
  </td>
</tr>`).join('');
    return page('Workspaces', `
<header><h1>Workspaces</h1>
<form method="post" action="/logout">${user.isAdmin ? '<a href="/admin">Admin</a> · ' : ''}<span class="muted">${text(user.username)}${user.isAdmin ? ' (admin)' : ''}</span> <button class="secondary" type="submit">Sign out</button></form></header>
${pageMessages(message)}
<div class="card">
${profilesNote(model)}
${createWorkspaceForm(model)}
</div>
<div class="card">
${workspaces.length ? `<table><thead><tr><th>Name</th><th>Profile</th><th>Sandbox</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
        : '<p class="muted">No workspaces yet. Create one above.</p>'}
</div>
${tokenCard(model)}
${gitCredentialsCard(model.gitCredentials, form)}
${agentCallsCard(model.agentCalls)}`, { withScript: true, path: '/' });
}

function profilesNote({ profiles }: DashboardModel): string {
    return profiles.length ? '' : '<p class="error" role="alert">No profile can be started right now (their images are missing): ask an admin.</p>';
}

function agentCallsCard(calls: ToolCallAudit[]): string {
    if (!calls.length) {
        return '';
    }
    const rows = calls.map(call => `<tr><td>${text(call.at.replace('T', ' ').slice(0, 19))}</td><td>${text(call.tokenName)}</td><td>${text(call.workspaceId)}</td>` +
        `<td>${text(call.tool)}</td><td>${call.durationMs} ms</td><td class="${call.outcome === 'ok' ? 'notice' : 'error'}">${text(call.outcome)}</td></tr>`).join('');
    return `<div class="card"><h2>Recent agent tool calls</h2><table><thead><tr><th>When</th><th>Token</th><th>Workspace</th><th>Tool</th><th>Took</th><th>Outcome</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}
